import { Global, Injectable, Module } from '@nestjs/common';
import { secretPathProblem, type SecretFile } from './secrets-disk';

/** Files one feature puts on a machine's secrets disk (e.g. the mesh: `mesh/wireguard.key`). */
export type SecretSource = (networkId: string, machine: string) => Promise<SecretFile[]>;

/**
 * What goes on each VM's secrets disk (made by services/disk/vm-disks.ts). Features that
 * hold secrets for machines register a source, the way they listen to
 * ConfigCommits, so the VM manager depends on none of them. The files are
 * gathered at every deployment; a path given twice is an error, never a
 * silent overwrite.
 */
@Injectable()
export class VmSecrets {
  private readonly sources: { name: string; source: SecretSource }[] = [];

  register(name: string, source: SecretSource): void {
    this.sources.push({ name, source });
  }

  async filesFor(networkId: string, machine: string): Promise<SecretFile[]> {
    const files: SecretFile[] = [];
    const owners = new Map<string, string>();
    for (const { name, source } of this.sources) {
      for (const file of await source(networkId, machine)) {
        const problem = secretPathProblem(file.path);
        if (problem) throw new Error(`${name}: ${problem}`);
        const owner = owners.get(file.path);
        if (owner !== undefined) throw new Error(`${name} and ${owner} both put ${file.path} on the secrets disk of ${machine}.`);
        owners.set(file.path, name);
        files.push(file);
      }
    }
    return files;
  }
}

/** Global, so any feature can register a source without importing the VM module (and the VM module none of them). */
@Global()
@Module({ providers: [VmSecrets], exports: [VmSecrets] })
export class VmSecretsModule {}
