/**
 * The CLI against a real panel (`test/**\/*.int-spec.ts`): builds
 * dist/apps/cli/main.js, then runs it as a child process against a panel
 * started in-process by apps/api/test/harness.ts on the real Postgres + Redis.
 */
module.exports = {
  displayName: 'cli-int',
  preset: '../../jest.node.preset.js',
  rootDir: '.',
  testMatch: ['<rootDir>/test/**/*.int-spec.ts'],
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  testTimeout: 90_000,
  maxWorkers: 1,
};
