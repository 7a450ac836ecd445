/**
 * The member's home in words (docs/api.md, "Home"): pure functions of the
 * recorded facts and the clock, so the page never has to translate a status
 * code. Backup words agree with the family view (backups/backup-status.ts):
 * nothing is "backed up" before a first successful backup.
 */
import { PHONEBOOK_ZONE } from '@clan/vpn';
import { humanAge } from '../backups/backup-status';
import { restorabilityOf, type VerificationFacts } from '../backups/verify/verify-plan';

export type Tone = 'ok' | 'warn' | 'danger' | 'muted';

export const BACKUP_STATES = ['verified', 'backed-up', 'late', 'not-restorable', 'failed', 'not-yet-backed-up', 'no-plan'] as const;
export type HomeBackupState = (typeof BACKUP_STATES)[number];

export interface HomeBackupWords {
  state: HomeBackupState;
  tone: Tone;
  words: string;
}

/** What the home needs of one backup policy of a device or machine. */
export interface PolicyFacts {
  enabled: boolean;
  lastSuccessAt: Date | null;
  lastRunAt: Date | null;
  lastRunStatus: string | null;
  lateAfterHours: number;
  /** A machine policy's latest verified restore (null: never verified; absent: a device's policy, never booted). */
  verification?: VerificationFacts | null;
}

const HOUR = 3600_000;

/**
 * One line about a subject's backups, from its policies:
 * "no backup plan", "not yet backed up", "backed up 2 hours ago",
 * "last backup failed 3 days ago — the admins know". Several policies: the
 * worst one speaks (a device backed up to two places needs both). A machine
 * whose restores are proven says so: "backed up 2 hours ago and verified
 * yesterday"; one whose latest restore test failed is not called safe.
 * `verifyDays` is the verification window (CLAN_VERIFY_DAYS).
 */
export function backupWords(policies: readonly PolicyFacts[], now: Date, verifyDays = 7): HomeBackupWords {
  const enabled = policies.filter((p) => p.enabled);
  if (!enabled.length) return { state: 'no-plan', tone: 'danger', words: 'not yet backed up: there is no backup plan for it yet' };
  const ago = (d: Date) => (now.getTime() - d.getTime() < 60_000 ? 'just now' : `${humanAge(now.getTime() - d.getTime())} ago`);
  const neverSucceeded = enabled.find((p) => !p.lastSuccessAt);
  if (neverSucceeded) {
    const failed = enabled.find((p) => !p.lastSuccessAt && p.lastRunStatus === 'failed');
    return failed
      ? { state: 'not-yet-backed-up', tone: 'danger', words: 'not yet backed up: the first backup failed — the admins know' }
      : { state: 'not-yet-backed-up', tone: 'warn', words: 'not yet backed up' };
  }
  const failed = enabled
    .filter((p) => p.lastRunStatus === 'failed' && p.lastRunAt)
    .sort((a, b) => (a.lastRunAt as Date).getTime() - (b.lastRunAt as Date).getTime())[0];
  if (failed) return { state: 'failed', tone: 'danger', words: `last backup failed ${ago(failed.lastRunAt as Date)} — the admins know` };
  // Every policy has succeeded: the oldest success is how old the backup of everything is.
  const oldest = enabled.reduce((a, p) => ((p.lastSuccessAt as Date) < (a.lastSuccessAt as Date) ? p : a));
  const last = oldest.lastSuccessAt as Date;
  const late = now.getTime() - last.getTime() > oldest.lateAfterHours * HOUR;
  const proofs = enabled.filter((p) => p.verification !== undefined).map((p) => ({ policy: p, proof: p.verification ?? null }));
  const restorability = proofs.map((p) => restorabilityOf(p.proof, p.policy.lastSuccessAt, verifyDays));
  if (restorability.includes('not-restorable')) {
    return {
      state: 'not-restorable',
      tone: 'danger',
      words: `backed up ${ago(last)}, but the last restore test failed — the admins know`,
    };
  }
  if (late) return { state: 'late', tone: 'warn', words: `backed up ${ago(last)} — later than planned` };
  if (proofs.length && restorability.every((r) => r === 'verified')) {
    // The oldest proof among the policies is how recently everything was shown to restore.
    const proven = new Date(Math.min(...proofs.map((p) => p.proof?.verifiedAt.getTime() ?? now.getTime())));
    return { state: 'verified', tone: 'ok', words: `backed up ${ago(last)} and verified ${ago(proven)}` };
  }
  return { state: 'backed-up', tone: 'ok', words: `backed up ${ago(last)}` };
}

export const MACHINE_STATES = ['running', 'paused', 'stopped', 'building', 'not-started'] as const;
export type HomeMachineState = (typeof MACHINE_STATES)[number];

const MACHINE_WORDS: Record<HomeMachineState, string> = {
  running: 'running',
  paused: 'paused',
  stopped: 'stopped',
  building: 'building',
  'not-started': 'not started yet',
};

/**
 * A machine's state in one word: building while a build or deployment of it
 * is queued or running; otherwise what the VM manager last saw of its VM
 * (the `machines.vm_state` column, a VmState of libvirt-client).
 */
export function machineState(vmState: string | null, building: boolean): { state: HomeMachineState; words: string } {
  let state: HomeMachineState;
  if (building) state = 'building';
  else if (vmState === 'running' || vmState === 'blocked') state = 'running';
  else if (vmState === 'paused' || vmState === 'pmSuspended') state = 'paused';
  else if (vmState === 'shutOff' || vmState === 'shuttingDown' || vmState === 'crashed') state = 'stopped';
  else state = 'not-started';
  return { state, words: MACHINE_WORDS[state] };
}

/** `<machine>.<network>.clan`: the name the network's phonebook answers for the machine. */
export function meshName(machine: string, network: string): string {
  return `${machine}.${network}.${PHONEBOOK_ZONE}`;
}

/** `http://files.family.clan:8384/`; port 80 needs no number. For a machine that is not in the mesh with HTTPS. */
export function appUrl(host: string, port: number): string {
  return `http://${host}${port === 80 ? '' : `:${port}`}/`;
}

/**
 * `https://nextcloud.files.family.clan/`: where a machine in the mesh serves
 * an app with a web page, behind its reverse proxy with the certificate the
 * network's CA signed (docs/https.md). `domain` is the machine's mesh name
 * from its configs.json `mesh` section, `label` the app's web label.
 */
export function httpsAppUrl(label: string, domain: string): string {
  return `https://${label}.${domain}/`;
}
