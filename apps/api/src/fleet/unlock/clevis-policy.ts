/**
 * A host's Clevis policy and the exact `clevis … sss` configuration it renders to
 * (docs/fleet-unlock.md, "Policy"). Pure: validation answers sentences, rendering is
 * deterministic so the panel can show the configuration a host will bind.
 */

export interface ClevisPolicy {
  threshold: number;
  /** Hosts whose Tang servers hold a pin (never the host itself). */
  tangHostIds: string[];
  /** A pin sealed to the host's own TPM2 (counts as one pin, always present on its own hardware). */
  tpm: boolean;
  /** The LUKS device to bind; null: the host's CLAN_UNLOCK_DEVICE. */
  device: string | null;
}

/** What the policy check needs to know of a Tang host. */
export interface TangPinSource {
  hostId: string;
  hostName: string;
  enabled: boolean;
  /** http://<fleet address>:<port>, as the host reported it (null: it has not reported yet). */
  url: string | null;
  /** Thumbprints (S256) of the signing keys its advertisement is signed with now. */
  thumbprints: string[];
}

export interface PolicyProblem {
  field: string;
  message: string;
}

/** The `clevis encrypt sss` configuration (what `clevis luks bind … sss '<config>'` takes). */
export interface SssConfig {
  t: number;
  pins: { tang?: { url: string; thp: string }[]; tpm2?: Record<string, never> };
}

/** A LUKS device path: absolute, under /dev, no spaces or shell meta characters. */
export const DEVICE_RE = /^\/dev\/[A-Za-z0-9._/-]+$/;

/** The problems of a policy for `hostId`, as sentences; [] when it can be bound. */
export function policyProblems(hostId: string, policy: ClevisPolicy, tang: ReadonlyMap<string, TangPinSource>): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  const ids = policy.tangHostIds;
  if (new Set(ids).size !== ids.length)
    problems.push({ field: 'tangHostIds', message: 'Each Tang host can hold only one pin: remove the repeated host.' });
  for (const id of ids) {
    if (id === hostId) {
      problems.push({
        field: 'tangHostIds',
        message: 'A host cannot depend on its own Tang server: while its disk is locked, its Tang server is not running.',
      });
      continue;
    }
    const source = tang.get(id);
    if (!source) problems.push({ field: 'tangHostIds', message: `No host of the fleet has the id ${id}.` });
    else if (!source.enabled)
      problems.push({ field: 'tangHostIds', message: `Host ${source.hostName} does not run a Tang server: enable it first.` });
  }
  const pins = new Set(ids).size + (policy.tpm ? 1 : 0);
  if (pins === 0) problems.push({ field: 'tangHostIds', message: 'A policy needs at least one pin: a Tang host or the TPM.' });
  else if (!Number.isInteger(policy.threshold) || policy.threshold < 1 || policy.threshold > pins) {
    problems.push({
      field: 'threshold',
      message: `The threshold must be between 1 and the number of pins (${pins}${policy.tpm ? ', the TPM counting as one' : ''}).`,
    });
  }
  if (policy.device !== null && !DEVICE_RE.test(policy.device))
    problems.push({ field: 'device', message: 'The device is an absolute path under /dev, such as /dev/nvme0n1p2.' });
  return problems;
}

/**
 * Renders the sss configuration, each Tang pin pinned to the thumbprint its host reported
 * (so binding trusts no advertisement it was not told about). Throws a sentence when a Tang
 * host has not reported its URL or keys yet.
 */
export function renderSssConfig(policy: ClevisPolicy, tang: ReadonlyMap<string, TangPinSource>): SssConfig {
  const pins: SssConfig['pins'] = {};
  if (policy.tangHostIds.length) {
    pins.tang = policy.tangHostIds.map((id) => {
      const source = tang.get(id);
      if (!source?.url || !source.thumbprints.length)
        throw new Error(`The Tang server of host ${source?.hostName ?? id} has not reported its address and keys yet: wait until it runs.`);
      // The newest key signs the advertisement (tangd-rotate-keys keeps one signing key advertised).
      return { url: source.url, thp: source.thumbprints[0] };
    });
  }
  if (policy.tpm) pins.tpm2 = {};
  return { t: policy.threshold, pins };
}

/** The text handed to clevis: compact JSON, keys in a fixed order. */
export function sssConfigText(config: SssConfig): string {
  return JSON.stringify(config);
}
