/** Messages between the panel and the worker of the panel inside the mesh (IPC, JSON; connections pass as handles). */

export interface DoorListenSpec {
  address: string;
  port: number;
}

/** panel → worker: the addresses to listen on (the worker reconciles its listeners to them). */
export interface DoorStateMessage {
  type: 'state';
  seq: number;
  listen: DoorListenSpec[];
}

/** worker → panel; `connection` carries the accepted TCP socket as its handle. */
export type DoorWorkerMessage =
  | { type: 'ready' }
  | { type: 'applied'; seq: number; listening: DoorListenSpec[]; errors: { address: string; port: number; message: string }[] }
  | { type: 'connection'; address: string; port: number };
