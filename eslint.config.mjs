import nx from '@nx/eslint-plugin';

/**
 * Module boundaries (STYLE.md §2): the browser-safe contract lib imports no
 * Nest/ORM/queue/Node code; the web app and CLI reach the API only through the
 * generated client; infrastructure libs are for the API alone.
 */
const NODE_AND_SERVER_PACKAGES = [
  '@nestjs/*',
  'typeorm',
  'pg',
  'bullmq',
  'ioredis',
  'express',
  'express-session',
  'passport',
  'passport-local',
  'argon2',
  'node-pty',
  'node:*',
  'fs',
  'child_process',
  'path',
  'os',
  'crypto',
];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    ignores: ['**/dist', '**/out-tsc', '**/generated/**', 'tmp/**', 'bench/results/**'],
  },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.jsx', '**/*.mjs', '**/*.cjs', '**/*.cts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: ['^.*/eslint(\\.base)?\\.config\\.[cm]?[jt]s$'],
          depConstraints: [
            { sourceTag: 'type:shared', onlyDependOnLibsWithTags: ['type:shared'], bannedExternalImports: NODE_AND_SERVER_PACKAGES },
            { sourceTag: 'type:client', onlyDependOnLibsWithTags: ['type:shared'], bannedExternalImports: NODE_AND_SERVER_PACKAGES },
            { sourceTag: 'type:infra', onlyDependOnLibsWithTags: ['type:shared', 'type:infra'] },
            {
              sourceTag: 'scope:web',
              onlyDependOnLibsWithTags: ['type:shared', 'type:client'],
              bannedExternalImports: NODE_AND_SERVER_PACKAGES,
            },
            {
              // type:device: libs a device runs too (libs/vpn: `clanctl mesh up` drives WireGuard/Yggdrasil).
              sourceTag: 'scope:cli',
              onlyDependOnLibsWithTags: ['type:shared', 'type:client', 'type:device'],
              bannedExternalImports: ['@nestjs/*', 'typeorm', 'bullmq'],
            },
            { sourceTag: 'scope:api', onlyDependOnLibsWithTags: ['type:shared', 'type:infra'] },
          ],
        },
      ],
    },
  },
  {
    // Browser-safe code: Node built-ins are not "external" to the boundary rule, so ban them here.
    files: [
      'libs/contracts/src/**/*.ts',
      'libs/api-client/src/**/*.ts',
      'libs/nix-schema/src/lib/**/*.ts',
      'libs/nix-schema/src/index.ts',
      'apps/web/src/**/*.ts',
    ],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*'], message: 'Browser-safe code cannot use Node built-ins.' },
            {
              group: ['fs', 'fs/*', 'path', 'os', 'child_process', 'crypto', 'net', 'http', 'https', 'stream', 'util'],
              message: 'Browser-safe code cannot use Node built-ins.',
            },
          ],
        },
      ],
    },
  },
  {
    // Host processes only through the process adapter (docs/decisions/0005-adapters.md): argv only, the
    // host-command environment, timeouts, cancellation and the "install the Debian package" hint in one place.
    files: ['apps/api/src/**/*.ts'],
    ignores: ['apps/api/src/services/process/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['node:child_process', 'child_process'].map((name) => ({
            name,
            message: 'Run host commands through ProcessRunner (apps/api/src/services/process), not child_process.',
          })),
        },
      ],
    },
  },
  {
    // Type-aware rules (STYLE.md §9) for TypeScript sources.
    files: ['**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.int-spec.ts', '**/test/**', '**/jest.config.ts', 'e2e/**'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false, arguments: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
];
