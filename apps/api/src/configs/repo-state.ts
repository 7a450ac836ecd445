import {
  type ConfigError,
  DEFAULT_OVERRIDE_NIX,
  MARKETPLACE_FILE,
  type MarketplaceApps,
  type NetworkConfigs,
  parseMarketplaceFile,
  renderNetworkRepo,
  stableJson,
  validateConfigs,
} from '@clan/nix-schema';
import { hasOverrides, isPlainObject, type JsonObject, type ValidLayers } from './layers';
import type { FileChanges, GitRepo, TreeEntry } from '../services/git/git-repo';

/** Repository layout the panel owns (besides flake.nix and README.md, rendered by nix-schema). */
export const CONFIGS_FILE = 'configs.json';
export const LOCAL_ADMINS_FILE = 'panel/local-admins.json';
export const overridesJson = (machine: string) => `overrides/${machine}.json`;
export const overridesNix = (machine: string) => `overrides/${machine}.nix`;
const OVERRIDE_FILE = /^overrides\/([^/]+)\.(json|nix)$/;

/** A network's configuration as the head commit holds it. */
export interface RepoState {
  head: string;
  entries: Map<string, TreeEntry>;
  /** configs.json text (null when the file is missing). */
  configsText: string | null;
  /** Parsed and validated configs.json; null when it does not validate (see configsErrors). */
  configs: NetworkConfigs | null;
  configsErrors: ConfigError[];
  overrides: Record<string, JsonObject>;
  localAdmins: Record<string, string[]>;
  /** marketplace.json: the pinned third-party apps (entries that do not read right are left out, see marketplaceProblems). */
  marketplace: MarketplaceApps;
  marketplaceProblems: string[];
}

function parseJson(text: string | null): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Reads configs.json, the local layers and the local admins at `head` in one `git cat-file`. */
export async function readRepoState(tree: GitRepo, head: string): Promise<RepoState> {
  const entries = await tree.entries(head);
  const overrideMachines = [...entries.keys()].map((p) => /^overrides\/([^/]+)\.json$/.exec(p)?.[1]).filter((m): m is string => !!m);
  const wanted = [CONFIGS_FILE, LOCAL_ADMINS_FILE, MARKETPLACE_FILE, ...overrideMachines.map(overridesJson)];
  const blobs = await tree.readObjects(wanted.map((p) => entries.get(p)?.sha ?? `${head}:${p}`));
  const [configsText, adminsText, marketplaceText, ...overrideTexts] = blobs;
  const { apps: marketplace, problems: marketplaceProblems } = parseMarketplaceFile(marketplaceText);

  const parsed = parseJson(configsText);
  let configs: NetworkConfigs | null = null;
  let configsErrors: ConfigError[] = [];
  if (configsText === null) configs = {};
  else if (parsed === undefined) configsErrors = [{ path: '$', message: 'configs.json is not valid JSON.' }];
  else {
    const result = validateConfigs(parsed, { marketplace });
    if (result.ok) configs = result.value;
    else configsErrors = result.errors;
  }

  // Both files are written only by the panel; anything unreadable counts as empty.
  const overrides: Record<string, JsonObject> = {};
  overrideMachines.forEach((m, i) => {
    const value = parseJson(overrideTexts[i]);
    if (isPlainObject(value)) overrides[m] = value;
  });
  const localAdmins: Record<string, string[]> = {};
  const admins = parseJson(adminsText);
  if (isPlainObject(admins)) {
    for (const [m, list] of Object.entries(admins)) {
      if (Array.isArray(list)) localAdmins[m] = list.filter((x): x is string => typeof x === 'string');
    }
  }
  return { head, entries, configsText, configs, configsErrors, overrides, localAdmins, marketplace, marketplaceProblems };
}

/**
 * The file changes that make the repository hold `next`: nix-schema renders
 * flake.nix, configs.json and README.md; the panel adds the local layers and
 * admins; an existing overrides/<machine>.nix is the local admin's and is kept;
 * files of machines that are gone are removed.
 */
export function renderRepoChanges(
  next: ValidLayers,
  entries: Map<string, TreeEntry>,
  networkName: string | undefined,
  clanFlakeUrl: string,
): FileChanges {
  const rendered = renderNetworkRepo({ configs: next.configs, clanFlakeUrl, networkName, marketplace: next.marketplace });
  const changes: FileChanges = {};
  const machines = new Set(Object.keys(next.configs));
  for (const [path, content] of Object.entries(rendered.files)) {
    const override = OVERRIDE_FILE.exec(path);
    if (override && entries.has(path)) continue;
    changes[path] = override ? DEFAULT_OVERRIDE_NIX : content;
  }
  for (const path of entries.keys()) {
    const override = OVERRIDE_FILE.exec(path);
    if (override && !machines.has(override[1])) changes[path] = null;
  }
  for (const machine of machines) {
    const local = next.overrides[machine];
    changes[overridesJson(machine)] = hasOverrides(local) ? stableJson(local) : null;
  }
  // No third-party apps: no marketplace.json (renderNetworkRepo writes it only when there are some).
  if (!(MARKETPLACE_FILE in changes) && entries.has(MARKETPLACE_FILE)) changes[MARKETPLACE_FILE] = null;
  const admins = Object.fromEntries(Object.entries(next.localAdmins).filter(([m, a]) => machines.has(m) && a.length));
  changes[LOCAL_ADMINS_FILE] = Object.keys(admins).length ? stableJson(admins) : null;
  return changes;
}
