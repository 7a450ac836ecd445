module.exports = {
  displayName: 'api-client',
  preset: '../../jest.node.preset.js',
  coverageDirectory: '../../coverage/libs/api-client',
};
