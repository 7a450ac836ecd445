import type { z } from 'zod';
import { DISCOVERED_APPS } from './apps.generated';
import type { AppDefinition, AppPort, AppStateHook, AppWebInterface } from './types';

export * from './types';

/** The order of an app without one: after the built-in apps. */
const DEFAULT_ORDER = 1000;

/**
 * The app catalog: every app a machine can run, keyed by the name used in
 * configs.json (`applications.<key>`) and in the Nix side's `appSettings`.
 * Discovered, not listed: one file per app in ./apps (indexed by the
 * generated ./apps.generated.ts). Order is display order: each app's
 * `order`, then its key — the order nix/lib/discover.nix gives `appOrder`.
 */
export type AppCatalog = typeof DISCOVERED_APPS;
export type AppKey = keyof AppCatalog;
export type AppOptions<K extends AppKey> = z.output<AppCatalog[K]['options']>;
export type AppOptionsInput<K extends AppKey> = z.input<AppCatalog[K]['options']>;

/** The apps a `publish` entry may name: those without a `notPublishable` reason. */
export type PublishableAppKey = {
  [K in AppKey]: AppCatalog[K] extends AppDefinition<string, z.ZodType, infer P> ? (P extends string ? never : K) : never;
}[AppKey];

const orderOf = (app: { order?: number }): number => app.order ?? DEFAULT_ORDER;

export const appKeys: AppKey[] = (Object.keys(DISCOVERED_APPS) as AppKey[]).sort((a, b) => {
  const delta = orderOf(DISCOVERED_APPS[a]) - orderOf(DISCOVERED_APPS[b]);
  return delta !== 0 ? delta : a < b ? -1 : a > b ? 1 : 0;
});

export const APP_CATALOG: AppCatalog = Object.fromEntries(appKeys.map((key) => [key, DISCOVERED_APPS[key]])) as AppCatalog;

/** Apps that serve ports and can therefore be published beyond the mesh, in display order. */
export const publishableAppKeys = appKeys.filter(
  (key) => (APP_CATALOG[key] as AppDefinition).notPublishable === undefined,
) as PublishableAppKey[];

/** Why a `publish` entry may not name an app, for the apps that cannot be published. */
export const notPublishableReasons: Readonly<Record<string, string>> = Object.fromEntries(
  appKeys.flatMap((key) => {
    const reason = (APP_CATALOG[key] as AppDefinition).notPublishable;
    return reason === undefined ? [] : [[key, reason]];
  }),
);

export function isAppKey(key: string): key is AppKey {
  return Object.prototype.hasOwnProperty.call(APP_CATALOG, key);
}

/** The options an app gets when it is added with nothing set (mumbleClient has a required server, so it has none). */
export function appDefaults<K extends AppKey>(key: K): AppOptions<K> | null {
  const parsed = APP_CATALOG[key].options.safeParse({});
  return parsed.success ? (parsed.data as AppOptions<K>) : null;
}

/** Whether an app with these (parsed) options runs. */
export function isAppActive<K extends AppKey>(key: K, options: AppOptions<K> | undefined): boolean {
  if (!options) return false;
  return APP_CATALOG[key].hasEnable ? (options as { enable?: boolean }).enable === true : true;
}

/** Ports the app listens on with these (parsed) options. */
export function appPorts<K extends AppKey>(key: K, options: AppOptions<K>): AppPort[] {
  return (APP_CATALOG[key].ports as (o: AppOptions<K>) => AppPort[])(options);
}

/**
 * The app's web interface with these (parsed) options: its host label
 * (https://<label>.<machine>.<network>.clan/) and port; null for apps without one.
 */
export function appWeb<K extends AppKey>(key: K, options: AppOptions<K>): { label: string; port: number } | null {
  const web = (APP_CATALOG[key] as AppDefinition).web as AppWebInterface<AppOptions<K>> | undefined;
  return web ? { label: web.label, port: web.port(options) } : null;
}

/** What a backup of this app must include with these (parsed) options. */
export function appState<K extends AppKey>(key: K, options: AppOptions<K>): { paths: string[]; hooks: AppStateHook[] } {
  const state = APP_CATALOG[key].state;
  const paths: string[] = [...state.paths];
  for (const option of state.pathOptions ?? []) {
    const value = (options as Record<string, unknown>)[option];
    if (Array.isArray(value)) paths.push(...value.filter((v): v is string => typeof v === 'string'));
  }
  return { paths, hooks: [...(state.hooks ?? [])] };
}
