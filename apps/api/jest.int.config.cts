/**
 * Integration tests (`test/**\/*.int-spec.ts`) on the machine's real Postgres
 * and Redis: migrations run once into a template database, each test file
 * gets its own clone and its own queue prefix.
 */
module.exports = {
  displayName: 'api-int',
  preset: '../../jest.node.preset.js',
  rootDir: '.',
  testMatch: ['<rootDir>/test/**/*.int-spec.ts'],
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  testTimeout: 60_000,
  maxWorkers: 2,
};
