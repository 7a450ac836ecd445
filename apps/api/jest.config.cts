/** Unit tests: pure logic, next to the code (`*.spec.ts`). */
module.exports = {
  displayName: 'api',
  preset: '../../jest.node.preset.js',
  rootDir: '.',
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  coverageDirectory: '../../coverage/apps/api',
};
