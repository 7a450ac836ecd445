module.exports = {
  displayName: 'vpn',
  preset: '../../jest.node.preset.js',
  coverageDirectory: '../../coverage/libs/vpn',
};
