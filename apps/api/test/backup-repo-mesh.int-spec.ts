import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NetnsLab, requireLabTools } from '@clan/vpn/testing';
import { BackupRepoHost } from '../src/backups/rest-repo/backup-repo-host.service';
import { MachineRepositories } from '../src/backups/rest-repo/machine-repositories.service';
import { MeshService } from '../src/mesh/mesh.service';
import { requireRestic } from './fixtures/backups';
import { createNetwork, dataSourceOf, uniq } from './fixtures/db';
import { waitFor } from './fixtures/principals';
import { startTestPanel, type TestPanel } from './harness';
import { childProcessEnv } from './test-config';

jest.setTimeout(180_000);

/**
 * Where machine repositories listen: the panel's backup-repo worker runs in
 * the mesh namespace (CLAN_MESH_NETNS, here a lab namespace with the host's
 * real WireGuard interface) on the host's mesh addresses, and restic, run in
 * that namespace with the very backup/env the machine's secrets disk gets,
 * backs up through it over IPv4 and IPv6. Needs root, the lab tools
 * (apps/api/test/mesh-host.int-spec.ts) and restic; fails naming them when missing.
 */
describe('machine repositories on the host mesh addresses (worker in the mesh namespace)', () => {
  const lab = new NetnsLab();
  const hostNs = `${lab.id}-host`;
  let t: TestPanel;
  let networkId: string;
  let work: string;

  beforeAll(async () => {
    requireLabTools();
    requireRestic();
    await lab.addNamespace(hostNs);
    t = await startTestPanel({ CLAN_MESH_HOST: 'true', CLAN_MESH_NETNS: hostNs });
    networkId = (await createNetwork(dataSourceOf(t), `backups-${uniq()}`)).id;
    lab.trackWireGuard(`clan${networkId.replace(/-/g, '').slice(0, 8)}`);
    await t.panel.app.get(MeshService).addPeer(networkId, { name: 'alpha' }, 'machine');
    // The host interface is applied (its peer synced) once the mesh has a member.
    await waitFor(
      () => dataSourceOf(t).query(`SELECT synced_at FROM mesh_peers WHERE network_id = $1 AND kind = 'host'`, [networkId]),
      (rows: { synced_at: Date | null }[]) => rows.length === 1 && rows[0]!.synced_at !== null,
      60_000,
      'the host interface',
    );
    work = mkdtempSync(join(tmpdir(), 'clan-backup-repo-mesh-'));
  });
  afterAll(async () => {
    await t?.close();
    await lab.cleanup();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  function resticInNamespace(
    env: Record<string, string>,
    args: string[],
  ): Promise<{ status: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
      // ip netns exec keeps the environment: the credentials stay out of the arguments.
      const child = spawn('ip', ['netns', 'exec', hostNs, 'restic', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.on('error', reject);
      child.on('close', (status) => resolve({ status, stdout, stderr }));
    });
  }

  it('serves the machine its repository at the URL of its secrets disk, on IPv4 and IPv6', async () => {
    const repos = t.panel.app.get(MachineRepositories);
    const host = t.panel.app.get(BackupRepoHost);
    await repos.ensure(networkId, 'alpha');
    // The machine joining the mesh refreshed the worker: nothing to call.
    expect(host.errors).toEqual([]);
    expect(host.listening.map((l) => l.port)).toEqual([8470, 8470]);
    const [v4, v6] = host.listening.map((l) => l.address);
    expect(v4).toMatch(/^10\.\d+\.\d+\.1$/);
    expect(v6).toMatch(/::1$/);

    const [file] = await repos.machineFiles(networkId, 'alpha');
    const machine: Record<string, string> = Object.fromEntries(
      file!.content
        .trim()
        .split('\n')
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    expect(machine['RESTIC_REPOSITORY']).toContain(`@${v4}:8470/${networkId}/alpha/`);
    const env = { ...childProcessEnv(), ...machine, RESTIC_CACHE_DIR: join(work, 'cache') };
    const source = join(work, 'state');
    mkdirSync(source);
    writeFileSync(join(source, 'app.db'), 'rows\n');
    const backup = await resticInNamespace(env, ['backup', '--host', 'alpha', source]);
    expect(backup.stderr).toBe('');
    expect(backup.status).toBe(0);

    const overV6 = { ...env, RESTIC_REPOSITORY: machine['RESTIC_REPOSITORY']!.replace(`@${v4}:`, `@[${v6}]:`) };
    const listed = await resticInNamespace(overV6, ['snapshots', '--json']);
    expect(listed.status).toBe(0);
    expect(JSON.parse(listed.stdout)).toHaveLength(1);

    // A machine that leaves the mesh has lost its access when the removal returns.
    await t.panel.app.get(MeshService).revokePeer(networkId, 'alpha', 'machine');
    const after = await resticInNamespace(env, ['snapshots']);
    expect(after.status).not.toBe(0);
    expect(after.stderr).toContain('401');
  });
});
