// globalSetup runs outside Jest's resolver: teach Node the workspace's @clan/* paths.
import { join } from 'node:path';
import { register } from 'tsconfig-paths';

const root = join(__dirname, '../../..');

const base = require(join(root, 'tsconfig.base.json')) as { compilerOptions: { paths: Record<string, string[]> } };
register({ baseUrl: root, paths: base.compilerOptions.paths });
