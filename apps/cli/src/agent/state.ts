import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MeshAgentConfigMessage, MeshAgentEnrolment } from '@clan/contracts';

/**
 * The agent's state directory (docs/mesh-agent.md, "State directory"):
 *
 *   private.key       the device's private key; it never leaves this file (0600)
 *   agent.json        the enrolment, with the agent token (0600)
 *   last-config.json  the last config the panel sent (0600): the offline fallback
 *   applied.json      what the interface runs now: revision and mode, for `mesh status`
 *
 * The directory is 0700; every file is written atomically (temp file + rename).
 */

export const DEFAULT_STATE_DIR = '/var/lib/clan-mesh';

/** How the interface was last configured: the full config, only the host peer (start-up), or the cached config (offline). */
export type AppliedMode = 'full' | 'host-only' | 'cached';

export interface AppliedState {
  revision: number;
  mode: AppliedMode;
  interfaceName: string;
  /** ISO time. */
  appliedAt: string;
  peers: number;
}

export class AgentStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AgentStateError';
  }
}

export class AgentState {
  constructor(readonly dir: string) {}

  path(name: string): string {
    return join(this.dir, name);
  }

  /** Creates the directory (0700) and tightens it when it already exists. */
  ensureDir(): void {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    chmodSync(this.dir, 0o700);
  }

  /** Writes a secret or state file atomically, 0600. */
  writeSecret(name: string, text: string): string {
    this.ensureDir();
    const path = this.path(name);
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, text, { mode: 0o600 });
    chmodSync(tmp, 0o600);
    renameSync(tmp, path);
    return path;
  }

  private readJson<T>(name: string): T | null {
    const path = this.path(name);
    if (!existsSync(path)) return null;
    try {
      return JSON.parse(readFileSync(path, 'utf8')) as T;
    } catch (err) {
      throw new AgentStateError(`${path} is not valid JSON (${(err as Error).message}); fix or delete it.`);
    }
  }

  readEnrolment(): MeshAgentEnrolment | null {
    const e = this.readJson<MeshAgentEnrolment>('agent.json');
    if (e === null) return null;
    if (typeof e.agentToken !== 'string' || !Array.isArray(e.panelUrls) || (e.layer !== 'wireguard' && e.layer !== 'yggdrasil')) {
      throw new AgentStateError(`${this.path('agent.json')} is not an enrolment (agentToken, panelUrls, layer); delete it to enrol again.`);
    }
    return e;
  }

  writeEnrolment(enrolment: MeshAgentEnrolment): void {
    this.writeSecret('agent.json', `${JSON.stringify(enrolment, null, 2)}\n`);
  }

  readPrivateKey(): string | null {
    const path = this.path('private.key');
    return existsSync(path) ? readFileSync(path, 'utf8').trim() : null;
  }

  writePrivateKey(privateKey: string): void {
    this.writeSecret('private.key', `${privateKey}\n`);
  }

  readLastConfig(): MeshAgentConfigMessage | null {
    const c = this.readJson<MeshAgentConfigMessage>('last-config.json');
    return c && c.type === 'config' && typeof c.config === 'string' ? c : null;
  }

  writeLastConfig(config: MeshAgentConfigMessage): void {
    this.writeSecret('last-config.json', `${JSON.stringify(config, null, 2)}\n`);
  }

  /** Forgets the cached config: after a removal nothing the panel said is trusted any more. */
  deleteLastConfig(): void {
    rmSync(this.path('last-config.json'), { force: true });
  }

  readApplied(): AppliedState | null {
    return this.readJson<AppliedState>('applied.json');
  }

  writeApplied(applied: AppliedState): void {
    this.writeSecret('applied.json', `${JSON.stringify(applied, null, 2)}\n`);
  }

  deleteApplied(): void {
    rmSync(this.path('applied.json'), { force: true });
  }
}
