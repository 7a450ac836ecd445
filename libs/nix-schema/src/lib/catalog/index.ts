import type { z } from 'zod';
import { forgejo } from './forgejo';
import { homeAssistant } from './home-assistant';
import { jellyfin } from './jellyfin';
import { mumbleClient } from './mumble-client';
import { mumbleServer } from './mumble-server';
import { nextcloud } from './nextcloud';
import { paperless } from './paperless';
import { syncthing } from './syncthing';
import { vaultwarden } from './vaultwarden';
import type { AppPort, AppStateHook } from './types';

export * from './types';
export { syncthingOptions } from './syncthing';
export { nextcloudOptions } from './nextcloud';
export { forgejoOptions } from './forgejo';
export { mumbleServerOptions } from './mumble-server';
export { mumbleClientOptions } from './mumble-client';
export { vaultwardenOptions } from './vaultwarden';
export { jellyfinOptions } from './jellyfin';
export { homeAssistantOptions } from './home-assistant';
export { paperlessOptions } from './paperless';

/**
 * The app catalog: every app a machine can run, keyed by the name used in
 * configs.json (`applications.<key>`) and in the Nix side's `appSettings`.
 * Order is display order.
 */
export const APP_CATALOG = {
  syncthing,
  nextcloud,
  forgejo,
  mumbleServer,
  mumbleClient,
  vaultwarden,
  jellyfin,
  homeAssistant,
  paperless,
} as const;

export type AppCatalog = typeof APP_CATALOG;
export type AppKey = keyof AppCatalog;
export type AppOptions<K extends AppKey> = z.output<AppCatalog[K]['options']>;
export type AppOptionsInput<K extends AppKey> = z.input<AppCatalog[K]['options']>;

export const appKeys = Object.keys(APP_CATALOG) as AppKey[];

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
