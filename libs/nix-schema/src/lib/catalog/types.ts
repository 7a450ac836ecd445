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

/**
 * An app's web interface. On a machine with a mesh name it is served at
 * https://<label>.<machine>.<network>.clan through the machine's nginx and
 * listens on loopback (docs/https.md); nix/lib/apps/<name>.nix has the same
 * `web` (label and port).
 */
export interface AppWebInterface<O = unknown> {
  /** The host label: the app's file name, e.g. "home-assistant". */
  label: string;
  /** The port the interface listens on with these (parsed) options. */
  port(options: O): number;
}

/**
 * One app of the catalog, defined in its own file `apps/<name>.ts` (exported
 * as `<key>`, the camelCase of `<name>`); scripts/generate-app-catalog.mjs
 * discovers the files. Its Nix side is nix/lib/apps/<name>.nix and
 * nix/modules/apps/<name>.nix (docs/recipes.md, "Add an app").
 */
export interface AppDefinition<
  K extends string = string,
  S extends z.ZodType = z.ZodType,
  P extends string | undefined = string | undefined,
> {
  /** The name under `applications` in configs.json: the camelCase of the file name ("home-assistant.ts" → homeAssistant). */
  key: K;
  title: string;
  description: string;
  /** Display order among the apps, lower first (ties: by key); the Nix file's `order` is the same number. Absent: 1000. */
  order?: number;
  /** The NixOS module (option prefix) the app maps to, e.g. "services.syncthing". */
  nixosModule: string;
  /** Strict zod schema of the app's options; every field has a default, a title and a description. */
  options: S;
  /**
   * Apps with an `enable` flag run only when it is true; apps without one
   * (mumbleClient: settings for a client) are active whenever present.
   */
  hasEnable: boolean;
  /**
   * Why a `publish` entry may not name this app (it serves no ports), as the
   * error sentence; absent for apps that can be published.
   */
  notPublishable?: P;
  state: AppState;
  ports(options: z.output<S>): AppPort[];
  /** The web interface, for apps people open in a browser (absent: none, e.g. Mumble). */
  web?: AppWebInterface<z.output<S>>;
}

/** Identity helper that keeps the literal key and the schema type of each app. */
export function defineApp<const K extends string, S extends z.ZodType, const P extends string | undefined = undefined>(
  app: AppDefinition<K, S, P>,
): AppDefinition<K, S, P> {
  return app;
}
