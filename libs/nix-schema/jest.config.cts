module.exports = {
  displayName: 'nix-schema',
  preset: '../../jest.node.preset.js',
  coverageDirectory: '../../coverage/libs/nix-schema',
};
