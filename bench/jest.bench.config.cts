/**
 * Benchmarks that reuse the API's integration-test fixtures (`bench/*.bench.ts`), each started by its
 * own `bench/*-bench.mjs`: the same Postgres template database (migrated once) and Redis as
 * apps/api/jest.int.config.cts, one file at a time, hours allowed. No CI config matches these files.
 * Module paths (@clan/…) resolve through bench/tsconfig.json.
 */
module.exports = {
  displayName: 'bench',
  preset: '../jest.node.preset.js',
  rootDir: '.',
  testMatch: ['<rootDir>/*.bench.ts'],
  globalSetup: '<rootDir>/../apps/api/test/global-setup.ts',
  globalTeardown: '<rootDir>/../apps/api/test/global-teardown.ts',
  testTimeout: 4 * 3600_000,
  maxWorkers: 1,
};
