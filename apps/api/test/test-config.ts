/**
 * The integration tests' own configuration, read in one place: the machine's
 * real Postgres and Redis (DEVELOPERS.md), overridable for other machines.
 */
export const ADMIN_URL = process.env['CLAN_TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_REDIS_URL = process.env['CLAN_TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

/** Set by global-setup (Jest passes it on to the test workers): the migrated template database. */
const TEMPLATE_ENV = 'CLAN_TEST_TEMPLATE_DB';
export const templateDatabase = (): string | undefined => process.env[TEMPLATE_ENV];
export const setTemplateDatabase = (name: string): void => {
  process.env[TEMPLATE_ENV] = name;
};

/** The minimal environment a child panel process inherits (everything else is passed explicitly). */
export function childProcessEnv(): Record<string, string> {
  return { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: process.env['HOME'] ?? '/tmp' };
}

/** The whole environment, for a child panel's own loadConfig (fixtures/notify-emitter.ts), and its events. */
export const childPanelEnv = (): NodeJS.ProcessEnv => process.env;
export const emitterEventsJson = (): string => process.env['CLAN_EMIT_EVENTS'] ?? '[]';

/** The OpenAPI fuzz test's seed (CLAN_FUZZ_SEED replays a run) and operation filter (CLAN_FUZZ_OPS). */
export const fuzzSettings = (): { seed: number; only: string | undefined } => ({
  seed: process.env['CLAN_FUZZ_SEED'] ? Number(process.env['CLAN_FUZZ_SEED']) : 20261207,
  only: process.env['CLAN_FUZZ_OPS'],
});
