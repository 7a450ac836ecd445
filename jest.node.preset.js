/**
 * Jest preset for Node-side projects (api, cli, node libs). Nest 12 and
 * otplib's @scure/@noble dependencies ship ESM-only code, so @swc/jest
 * transforms TypeScript and those packages alike, keeping decorator metadata
 * that Nest and TypeORM rely on.
 */
const nxPreset = require('@nx/jest/preset').default;

const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

module.exports = {
  ...nxPreset,
  testEnvironment: 'node',
  transform: { '^.+\\.(ts|js|mjs|cjs)$': swc },
  transformIgnorePatterns: [
    '/node_modules/(?!(@nestjs|file-type|strtok3|token-types|@tokenizer|uint8array-extras|load-esm|@scure|@noble)/)',
  ],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
};
