module.exports = {
  displayName: 'libvirt-client',
  preset: '../../jest.node.preset.js',
  coverageDirectory: '../../coverage/libs/libvirt-client',
};
