module.exports = {
  displayName: 'nix',
  preset: '../jest.node.preset.js',
  testMatch: ['<rootDir>/tests/**/*.spec.ts'],
  // Each test spawns real nix-instantiate / nix processes.
  testTimeout: 120_000,
  coverageDirectory: '../coverage/nix',
};
