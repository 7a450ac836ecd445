import type { AppConfig } from './config.schema';

/** Injection token for the validated configuration. Inject `AppConfig` via `@Inject(APP_CONFIG)`. */
export const APP_CONFIG = Symbol('APP_CONFIG');
export type { AppConfig };
