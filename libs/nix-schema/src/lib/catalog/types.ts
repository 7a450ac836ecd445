import type { z } from 'zod';

export type PortProtocol = 'tcp' | 'udp';

/** A port an app listens on. The firewall opens it on the mesh interface only, unless the machine publishes it. */
export interface AppPort {
  port: number;
  protocol: PortProtocol;
  /** The option that sets this port, when the user can change it (used to point errors at the right field). */
  option?: string;
  description: string;
}

/** A step to run before the backup so the copy is consistent (e.g. dump a database). */
export interface AppStateHook {
  id: string;
  description: string;
}

/** What an app keeps on disk, for backups. */
export interface AppState {
  /** Fixed paths (the service's state directory). */
  paths: readonly string[];
  /** Options whose values are further paths to back up (e.g. syncthing's sharedFolders). */
  pathOptions?: readonly string[];
  hooks?: readonly AppStateHook[];
}

export interface AppDefinition<K extends string = string, S extends z.ZodType = z.ZodType> {
  key: K;
  title: string;
  description: string;
  /** The NixOS module (option prefix) the app maps to, e.g. "services.syncthing". */
  nixosModule: string;
  /** Strict zod schema of the app's options; every field has a default, a title and a description. */
  options: S;
  /**
   * Apps with an `enable` flag run only when it is true; apps without one
   * (mumbleClient: settings for a client) are active whenever present.
   */
  hasEnable: boolean;
  state: AppState;
  ports(options: z.output<S>): AppPort[];
}

/** Identity helper that keeps the literal key and the schema type of each app. */
export function defineApp<const K extends string, S extends z.ZodType>(app: AppDefinition<K, S>): AppDefinition<K, S> {
  return app;
}
