const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('path');

module.exports = {
  output: {
    path: join(__dirname, '../../dist/apps/api'),
    clean: true,
    ...(process.env.NODE_ENV !== 'production' && {
      devtoolModuleFilenameTemplate: '[absolute-resource-path]',
    }),
  },
  plugins: [
    new NxAppWebpackPlugin({
      target: 'node',
      compiler: 'tsc',
      main: './src/main.ts',
      // The phonebook DNS responder (apps/api/src/mesh/phonebook) and the machines' backup repositories
      // (apps/api/src/backups/rest-repo) run as their own processes, and so does the panel inside the mesh (apps/api/src/mesh/agents).
      additionalEntryPoints: [
        { entryName: 'phonebook-worker', entryPath: './src/mesh/phonebook/phonebook-worker.ts' },
        { entryName: 'backup-repo-worker', entryPath: './src/backups/rest-repo/backup-repo-worker.ts' },
        { entryName: 'mesh-door-worker', entryPath: './src/mesh/agents/mesh-door-worker.ts' },
      ],
      tsConfig: './tsconfig.app.json',
      // The cLAN flake and the demo system ship with the panel (SystemFlakes copies them under CLAN_STATE_DIR/flakes).
      assets: [
        './src/assets',
        { input: '../../nix', glob: '{flake.nix,flake.lock,lib/**,modules/**,checks/**,examples/**}', output: 'nix' },
        { input: '../../nix/test-system', glob: '{flake.nix,build.sh,init.sh,prepare.sh}', output: 'nix/test-system' },
      ],
      optimization: false,
      outputHashing: 'none',
      generatePackageJson: true,
      sourceMap: true,
    }),
  ],
};
