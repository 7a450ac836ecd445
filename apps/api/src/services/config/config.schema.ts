import { isIP } from 'node:net';
import { isAbsolute, resolve } from 'node:path';
import { natNetworkSpec, natSubnetProblem } from '@clan/libvirt-client';
import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');

/** The nixpkgs the shipped cLAN flake pins (nix/flake.nix, input nixpkgs). */
export const DEFAULT_NIXPKGS = 'github:NixOS/nixpkgs/nixos-25.05';

const port = z.coerce.number().int().min(0).max(65535);

/**
 * Every environment variable the panel reads, validated once at start-up.
 * Documented in docs/operations.md — keep the two in step.
 */
export const envSchema = z.object({
  CLAN_LISTEN_HOST: z.string().min(1).default('127.0.0.1'),
  PORT: port.default(8080),
  CLAN_STATE_DIR: z.string().min(1).default('.state'),
  DATABASE_URL: z.string().url().optional(),
  REDIS_URL: z.string().min(1).default('redis://127.0.0.1:6379'),
  CLAN_QUEUE_PREFIX: z
    .string()
    .regex(/^[a-z0-9_-]+$/i, 'letters, digits, "-" and "_" only')
    .default('clan'),
  CLAN_RUN_WORKERS: bool.default(true),
  /** panel: the panel's host (API, UI, every host-less queue); worker: another host of the fleet (`clan-panel worker`, docs/fleet.md). */
  CLAN_ROLE: z.enum(['panel', 'worker']).default('panel'),
  /** Seconds between a host's heartbeats; a host that missed three is offline (docs/fleet.md, "Host failure"). */
  CLAN_HOST_HEARTBEAT_SECONDS: z.coerce.number().int().min(1).max(300).default(10),
  /** This host's address inside the fleet mesh: where the other hosts reach its file service (migrations). */
  CLAN_FLEET_ADDRESS: z
    .string()
    .refine((a) => isIP(a) !== 0, 'an IP address of this host inside the fleet mesh, such as 10.98.0.2')
    .optional(),
  /** The network namespace the fleet interface (and so CLAN_FLEET_ADDRESS) lives in, when not the panel's own. */
  CLAN_FLEET_NETNS: z
    .string()
    .regex(/^[a-zA-Z0-9_.-]{1,64}$/, 'a network namespace name: letters, digits, "_", "." and "-" only')
    .optional(),
  /** Port of the host's file service on CLAN_FLEET_ADDRESS (state disks of machines moving between hosts). */
  CLAN_FLEET_TRANSFER_PORT: port.default(7790),
  /** Port of the panel's Nix store as a signed binary cache on CLAN_FLEET_ADDRESS (closures for the other hosts). */
  CLAN_FLEET_CACHE_PORT: port.default(7791),
  /** Port of the host's Tang server on CLAN_FLEET_ADDRESS, when the admin enables it (docs/fleet-unlock.md). */
  CLAN_TANG_PORT: port.default(7500),
  /** The host's LUKS device that unattended unlock binds, unless its policy names one (docs/fleet-unlock.md). */
  CLAN_UNLOCK_DEVICE: z
    .string()
    .regex(/^\/dev\/[A-Za-z0-9._/-]+$/, 'an absolute path under /dev, such as /dev/nvme0n1p2')
    .optional(),
  CLAN_SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  CLAN_COOKIE_SECURE: bool.default(false),
  CLAN_SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(24 * 7),
  CLAN_TRUST_PROXY: bool.default(false),
  CLAN_LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(1000).default(5),
  CLAN_LOGIN_WINDOW_SECONDS: z.coerce.number().int().min(10).max(86400).default(900),
  CLAN_WEB_DIR: z.string().optional(),
  CLAN_LIBVIRT_URI: z.string().min(1).default('qemu:///system'),
  CLAN_NIX_BIN: z.string().min(1).default('nix'),
  // Absent: the cLAN flake shipped with this panel (its own nix/, copied under CLAN_STATE_DIR/flakes).
  CLAN_FLAKE_URL: z
    .string()
    .max(2048)
    .regex(/^[a-zA-Z0-9+:/._~@?=&-]+$/, 'letters, digits and + : / . _ ~ @ ? = & - only (a flake reference)')
    .optional(),
  // A flake reference or a local directory (a nixpkgs checkout or mirror).
  CLAN_NIXPKGS: z
    .string()
    .max(2048)
    .regex(/^[a-zA-Z0-9+:/._~@?=&-]+$/, 'a flake reference such as github:NixOS/nixpkgs/nixos-25.05, or an absolute path')
    .refine((v) => v.startsWith('/') || /^[a-z][a-z0-9+.-]*:/.test(v), 'a flake reference (scheme:…) or an absolute path')
    .default(DEFAULT_NIXPKGS),
  CLAN_LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),
  CLAN_ORIGIN: z.string().url().optional(),
  CLAN_TASK_HEARTBEAT_SECONDS: z.coerce.number().int().min(1).max(300).default(5),
  CLAN_AUTO_DEPLOY: bool.default(true),
  CLAN_DOMAIN_TYPE: z.enum(['auto', 'kvm', 'qemu']).default('auto'),
  CLAN_PROFILES_DIR: z.string().min(1).default('/nix/var/nix/profiles/clan'),
  CLAN_HEALTH_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(120),
  CLAN_GENERATIONS_KEEP: z.coerce.number().int().min(1).max(1000).default(5),
  CLAN_METRICS_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(10),
  CLAN_RECONCILE_SECONDS: z.coerce.number().int().min(5).max(86400).default(60),
  CLAN_CONSOLE_TICKET_SECONDS: z.coerce.number().int().min(5).max(300).default(30),
  CLAN_CONSOLE_SCROLLBACK_KIB: z.coerce.number().int().min(64).max(1_048_576).default(2048),
  CLAN_TERMINAL_SHELL: z.string().regex(/^\//, 'an absolute path').optional(),
  CLAN_RECORDINGS_KEEP_DAYS: z.coerce.number().int().min(0).max(36_500).default(90),
  CLAN_RECORDINGS_KEEP_COUNT: z.coerce.number().int().min(0).max(1_000_000).default(1000),
  CLAN_JOURNAL_DIR: z.string().optional(),
  CLAN_RESTIC_BIN: z.string().min(1).default('restic'),
  CLAN_BACKUP_POLL_SECONDS: z.coerce.number().int().min(5).max(86400).default(300),
  /** Days between verified restores of a machine policy (docs/backups.md, "Verified restores"); 0: only on demand. */
  CLAN_VERIFY_DAYS: z.coerce.number().int().min(0).max(365).default(7),
  /** Hours between update checks of the networks that follow an upstream (docs/updates.md); 0: only on demand. */
  CLAN_UPDATE_CHECK_HOURS: z.coerce.number().int().min(0).max(24).default(6),
  CLAN_NOTIFY_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(6),
  CLAN_NOTIFY_RETRY_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  CLAN_MESH_HOST: bool.default(true),
  CLAN_MESH_NETNS: z
    .string()
    .regex(/^[a-zA-Z0-9_.-]{1,64}$/, 'a network namespace name: letters, digits, "_", "." and "-" only')
    .optional(),
  CLAN_MESH_ENDPOINT_HOST: z
    .string()
    .max(253)
    .regex(/^[a-zA-Z0-9.:-]+$/, 'a host name or IP address other peers can reach this host at')
    .optional(),
  CLAN_MESH_POOL: z
    .string()
    .regex(/^10\.\d{1,3}\.\d{1,3}\.\d{1,3}\/(8|9|1[0-9]|2[0-4])$/, 'a private IPv4 range in 10.0.0.0/8 such as 10.100.0.0/16')
    .default('10.100.0.0/16'),
  CLAN_MESH_PORT_BASE: z.coerce.number().int().min(1024).max(65000).default(51820),
  CLAN_MESH_DNS_PORT: port.default(53),
  CLAN_BACKUP_REPO_PORT: port.default(8470),
  /** The panel inside the mesh (docs/vpn.md, "Device agent"): HTTP and the agent WebSocket on the host's mesh addresses. */
  CLAN_MESH_PANEL_PORT: port.default(7780),
  /**
   * More addresses the door serves the panel on, in the mesh namespace (comma-separated IPs): where devices reach the
   * panel before they are in the mesh when that address lives in CLAN_MESH_NETNS (a lab, a dedicated namespace).
   */
  CLAN_MESH_PANEL_ADDRESSES: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((a) => a.trim())
        .filter(Boolean),
    )
    .refine((list) => list.every((a) => isIP(a) !== 0), 'comma-separated IP addresses such as 10.254.0.1,fd00::1'),
  CLAN_MESH_MACHINES: bool.default(true),
  // The VMs' underlay NIC (docs/vms.md, "Network"): a host bridge or a libvirt network, at most one; none: no NIC.
  CLAN_VM_BRIDGE: z
    .string()
    .regex(/^[a-zA-Z0-9_.-]{1,15}$/, 'a host bridge interface name: 1 to 15 letters, digits, "_", "." and "-"')
    .optional(),
  CLAN_VM_NETWORK: z
    .string()
    .regex(/^[a-zA-Z0-9_.-]{1,64}$/, 'a libvirt network name: letters, digits, "_", "." and "-" only')
    .optional(),
  // The panel defines and starts CLAN_VM_NETWORK itself (a NAT network on CLAN_VM_SUBNET) when it is missing.
  CLAN_VM_NETWORK_CREATE: bool.default(false),
  CLAN_VM_SUBNET: z
    .string()
    .superRefine((v, ctx) => {
      const problem = natSubnetProblem(v);
      if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `the VMs' NAT network: ${problem}` });
    })
    .default('10.213.0.0/24'),
});

export type RawEnv = z.input<typeof envSchema>;

export interface RedisConnection {
  host?: string;
  port?: number;
  path?: string;
  password?: string;
  db?: number;
}

export interface AppConfig {
  listenHost: string;
  port: number;
  stateDir: string;
  /** Absent: the panel serves an embedded PGlite from `<stateDir>/pgdata`. */
  databaseUrl: string | undefined;
  redisUrl: string;
  redis: RedisConnection;
  queuePrefix: string;
  runWorkers: boolean;
  role: 'panel' | 'worker';
  /** Unattended unlock of the host's disk (docs/fleet-unlock.md). */
  unlock: { tangPort: number; device: string | undefined };
  fleet: { heartbeatSeconds: number; address: string | undefined; netns: string | undefined; transferPort: number; cachePort: number };
  sessionSecret: string | undefined;
  cookieSecure: boolean;
  sessionTtlHours: number;
  trustProxy: boolean;
  loginMaxFailures: number;
  loginWindowSeconds: number;
  webDir: string | undefined;
  libvirtUri: string;
  nixBin: string;
  /**
   * The environment of the host commands the panel runs (nix, mke2fs, …):
   * PATH and HOME, plus NIX_CONFIG when set (e.g. `substituters =` offline).
   * Nothing else of the panel's environment (secrets) reaches them.
   */
  hostCommandEnv: Record<string, string>;
  /**
   * CLAN_FLAKE_URL: the cLAN flake NixOS networks build with (input `clan` of
   * their flake.nix). Absent: the one shipped with this panel (SystemFlakes).
   */
  clanFlakeUrl: string | undefined;
  /** CLAN_NIXPKGS as a flake reference (a local path becomes `path:<dir>`): the cLAN flake's nixpkgs. */
  nixpkgs: string;
  logLevel: 'error' | 'warn' | 'log' | 'debug' | 'verbose';
  origin: string | undefined;
  taskHeartbeatSeconds: number;
  /** Build and deploy a machine when a commit changes its effective configuration. */
  autoDeploy: boolean;
  /** libvirt domain type of VMs: `kvm`, `qemu` (TCG), or `auto`: KVM when a test guest boots with it (services/libvirt/domain-type.ts). */
  domainType: 'auto' | 'kvm' | 'qemu';
  /** Where machine profiles (generations, GC roots) live: `<dir>/<networkId>/<machine>`. */
  profilesDir: string;
  healthTimeoutSeconds: number;
  generationsKeep: number;
  metricsIntervalSeconds: number;
  reconcileSeconds: number;
  /** Consoles, host terminal, recordings and the host journal (docs/consoles.md). */
  consoles: {
    /** Lifetime of a console ticket. */
    ticketSeconds: number;
    /** Size of each VM's serial scrollback ring file. */
    scrollbackBytes: number;
    /** The host terminal's shell; absent: /bin/bash, else /bin/sh. */
    terminalShell: string | undefined;
    /** Recordings older than this are deleted (0: kept regardless of age). */
    recordingsKeepDays: number;
    /** At most this many recordings are kept, newest first (0: no limit). */
    recordingsKeepCount: number;
    /** A journal directory to read (`journalctl --directory`); absent: the system journal. */
    journalDir: string | undefined;
  };
  /** The restic binary backups run (docs/backups.md). */
  resticBin: string;
  /** How often the panel polls every backup repository and re-evaluates backup status. */
  backupPollSeconds: number;
  /** Days between verified restores of each machine policy; 0: only on demand. */
  verifyDays: number;
  /** Hours between update checks of the networks that follow an upstream (1–24); 0: only on demand. */
  updateCheckHours: number;
  /** Delivery attempts per notification and target (docs/notifications.md). */
  notifyAttempts: number;
  /** First retry delay of a failed delivery; doubles with each attempt. */
  notifyRetrySeconds: number;
  /** The host's own mesh interfaces (one per network, address .1): relay, phonebook DNS, live removal. */
  mesh: {
    hostInterfaces: boolean;
    /** Network namespace the host interfaces live in (tests; none = the panel's own). */
    netns: string | undefined;
    /** Host name or address devices dial to reach the host's interfaces; without it the host is not a relay. */
    endpointHost: string | undefined;
    /** Network N of the pool (10.100.N.0/24) listens on UDP portBase + N. */
    portBase: number;
    /** Where networks' /24s come from (first free one). */
    pool: string;
    /** Port of the phonebook DNS responder on the host's mesh addresses. */
    dnsPort: number;
    /** Port of the machines' append-only backup repositories (restic REST) on the host's mesh addresses. */
    backupRepoPort: number;
    /** Port of the panel inside the mesh (the door): HTTP and the agents' WebSocket on the host's mesh addresses. */
    panelPort: number;
    /** More addresses in the mesh namespace the door serves the panel on (CLAN_MESH_PANEL_ADDRESSES), at panelPort. */
    panelAddresses: string[];
    /** Machines join their network's mesh: peers for them and the `mesh` sections of configs.json (apps/api/src/mesh/machines). */
    machines: boolean;
  };
  /** The VMs' underlay NIC (virtio): a host bridge or a libvirt network; undefined: VMs have no NIC. */
  vmNic: VmNic | undefined;
  /**
   * CLAN_VM_NETWORK_CREATE: the libvirt NAT network the panel ensures for its
   * VMs (services/libvirt/vm-network.ts); undefined: it manages none.
   */
  managedVmNetwork: ManagedVmNetwork | undefined;
}

export interface ManagedVmNetwork {
  /** CLAN_VM_NETWORK. */
  name: string;
  /** CLAN_VM_SUBNET, a /24. */
  subnet: string;
  /** The host's address on the network (.1): machines' gateway, DNS server and default mesh endpoint. */
  gateway: string;
}

export type VmNic = { type: 'bridge'; bridge: string } | { type: 'network'; network: string };

export class ConfigError extends Error {}

/** `redis://[:password@]host:port[/db]` or `unix:///path/to/redis.sock`. */
export function parseRedisUrl(url: string): RedisConnection {
  if (url.startsWith('unix://')) return { path: url.slice('unix://'.length) };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError(`REDIS_URL: "${url}" is not a URL (expected redis://host:port or unix:///path)`);
  }
  if (parsed.protocol !== 'redis:') {
    throw new ConfigError(`REDIS_URL: unsupported scheme "${parsed.protocol}" (expected redis:// or unix://)`);
  }
  const db = parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : undefined;
  return {
    host: parsed.hostname || '127.0.0.1',
    port: parsed.port ? Number(parsed.port) : 6379,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    db: Number.isInteger(db) ? db : undefined,
  };
}

/** Validates the environment; throws one error listing every bad variable. */
export function loadConfig(env: Record<string, string | undefined>, cwd: string): AppConfig {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = result.data;
  if (e.CLAN_VM_BRIDGE && e.CLAN_VM_NETWORK) {
    throw new ConfigError(
      'Invalid configuration:\n  CLAN_VM_BRIDGE, CLAN_VM_NETWORK: set at most one of them (the VMs get one NIC, on a bridge or on a libvirt network)',
    );
  }
  if (e.CLAN_VM_NETWORK_CREATE && !e.CLAN_VM_NETWORK) {
    throw new ConfigError(
      'Invalid configuration:\n  CLAN_VM_NETWORK_CREATE: needs CLAN_VM_NETWORK, the name of the libvirt network the panel creates (e.g. clan-vms)',
    );
  }
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(cwd, p));
  return {
    listenHost: e.CLAN_LISTEN_HOST,
    port: e.PORT,
    stateDir: abs(e.CLAN_STATE_DIR),
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    redis: parseRedisUrl(e.REDIS_URL),
    queuePrefix: e.CLAN_QUEUE_PREFIX,
    runWorkers: e.CLAN_RUN_WORKERS,
    role: e.CLAN_ROLE,
    unlock: { tangPort: e.CLAN_TANG_PORT, device: e.CLAN_UNLOCK_DEVICE },
    fleet: {
      heartbeatSeconds: e.CLAN_HOST_HEARTBEAT_SECONDS,
      address: e.CLAN_FLEET_ADDRESS,
      netns: e.CLAN_FLEET_NETNS,
      transferPort: e.CLAN_FLEET_TRANSFER_PORT,
      cachePort: e.CLAN_FLEET_CACHE_PORT,
    },
    sessionSecret: e.CLAN_SESSION_SECRET,
    cookieSecure: e.CLAN_COOKIE_SECURE,
    sessionTtlHours: e.CLAN_SESSION_TTL_HOURS,
    trustProxy: e.CLAN_TRUST_PROXY,
    loginMaxFailures: e.CLAN_LOGIN_MAX_FAILURES,
    loginWindowSeconds: e.CLAN_LOGIN_WINDOW_SECONDS,
    webDir: e.CLAN_WEB_DIR ? abs(e.CLAN_WEB_DIR) : undefined,
    libvirtUri: e.CLAN_LIBVIRT_URI,
    nixBin: e.CLAN_NIX_BIN,
    hostCommandEnv: {
      PATH: env['PATH'] || '/usr/sbin:/usr/bin:/sbin:/bin',
      HOME: env['HOME'] || '/root',
      ...(env['NIX_CONFIG'] ? { NIX_CONFIG: env['NIX_CONFIG'] } : {}),
    },
    clanFlakeUrl: e.CLAN_FLAKE_URL,
    nixpkgs: e.CLAN_NIXPKGS.startsWith('/') ? `path:${e.CLAN_NIXPKGS}` : e.CLAN_NIXPKGS,
    logLevel: e.CLAN_LOG_LEVEL,
    origin: e.CLAN_ORIGIN,
    taskHeartbeatSeconds: e.CLAN_TASK_HEARTBEAT_SECONDS,
    autoDeploy: e.CLAN_AUTO_DEPLOY,
    domainType: e.CLAN_DOMAIN_TYPE,
    profilesDir: abs(e.CLAN_PROFILES_DIR),
    healthTimeoutSeconds: e.CLAN_HEALTH_TIMEOUT_SECONDS,
    generationsKeep: e.CLAN_GENERATIONS_KEEP,
    metricsIntervalSeconds: e.CLAN_METRICS_INTERVAL_SECONDS,
    reconcileSeconds: e.CLAN_RECONCILE_SECONDS,
    consoles: {
      ticketSeconds: e.CLAN_CONSOLE_TICKET_SECONDS,
      scrollbackBytes: e.CLAN_CONSOLE_SCROLLBACK_KIB * 1024,
      terminalShell: e.CLAN_TERMINAL_SHELL,
      recordingsKeepDays: e.CLAN_RECORDINGS_KEEP_DAYS,
      recordingsKeepCount: e.CLAN_RECORDINGS_KEEP_COUNT,
      journalDir: e.CLAN_JOURNAL_DIR ? abs(e.CLAN_JOURNAL_DIR) : undefined,
    },
    resticBin: e.CLAN_RESTIC_BIN,
    backupPollSeconds: e.CLAN_BACKUP_POLL_SECONDS,
    verifyDays: e.CLAN_VERIFY_DAYS,
    updateCheckHours: e.CLAN_UPDATE_CHECK_HOURS,
    notifyAttempts: e.CLAN_NOTIFY_ATTEMPTS,
    notifyRetrySeconds: e.CLAN_NOTIFY_RETRY_SECONDS,
    mesh: {
      hostInterfaces: e.CLAN_MESH_HOST,
      netns: e.CLAN_MESH_NETNS,
      endpointHost: e.CLAN_MESH_ENDPOINT_HOST,
      portBase: e.CLAN_MESH_PORT_BASE,
      pool: e.CLAN_MESH_POOL,
      dnsPort: e.CLAN_MESH_DNS_PORT,
      backupRepoPort: e.CLAN_BACKUP_REPO_PORT,
      panelPort: e.CLAN_MESH_PANEL_PORT,
      panelAddresses: e.CLAN_MESH_PANEL_ADDRESSES,
      machines: e.CLAN_MESH_MACHINES,
    },
    vmNic: e.CLAN_VM_BRIDGE
      ? { type: 'bridge', bridge: e.CLAN_VM_BRIDGE }
      : e.CLAN_VM_NETWORK
        ? { type: 'network', network: e.CLAN_VM_NETWORK }
        : undefined,
    managedVmNetwork:
      e.CLAN_VM_NETWORK_CREATE && e.CLAN_VM_NETWORK
        ? { name: e.CLAN_VM_NETWORK, subnet: e.CLAN_VM_SUBNET, gateway: natNetworkSpec(e.CLAN_VM_NETWORK, e.CLAN_VM_SUBNET).gateway }
        : undefined,
  };
}
