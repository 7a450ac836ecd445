/** Messages between the panel and its phonebook worker (IPC, JSON). */

export interface PhonebookZone {
  /** Network name: the zone `<network>.clan`. */
  network: string;
  devices: Record<string, { ipv4: string | null; ipv6: string | null }>;
}

export interface PhonebookListenSpec {
  address: string;
  port: number;
  networks: string[];
}

/** panel → worker: the whole desired state (the worker reconciles its listeners to it). */
export interface PhonebookStateMessage {
  type: 'state';
  seq: number;
  zones: PhonebookZone[];
  listen: PhonebookListenSpec[];
}

/** worker → panel */
export type PhonebookWorkerMessage =
  | { type: 'ready' }
  | { type: 'applied'; seq: number; listening: PhonebookListenSpec[]; errors: { address: string; port: number; message: string }[] };
