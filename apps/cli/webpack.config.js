const { chmodSync, existsSync } = require('fs');
const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('path');
const { BannerPlugin } = require('webpack');

const outputPath = join(__dirname, '../../dist/apps/cli');

/** Makes dist/apps/cli/main.js executable, so the shebang works without `node`. */
class ExecutableMainPlugin {
  apply(compiler) {
    compiler.hooks.afterEmit.tap('ExecutableMainPlugin', () => {
      const main = join(outputPath, 'main.js');
      if (existsSync(main)) chmodSync(main, 0o755);
    });
  }
}

module.exports = {
  output: {
    path: outputPath,
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
      tsConfig: './tsconfig.app.json',
      assets: ['./src/assets'],
      optimization: false,
      outputHashing: 'none',
      generatePackageJson: true,
      sourceMap: true,
    }),
    // `clanctl` is run directly (npm bin, PATH), so the bundle starts with a shebang.
    new BannerPlugin({
      banner: '#!/usr/bin/env node',
      raw: true,
      entryOnly: true,
    }),
    new ExecutableMainPlugin(),
  ],
};
