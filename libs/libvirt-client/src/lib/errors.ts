export enum LibvirtErrorCode {
  NotFound = 'NOT_FOUND',
  AlreadyExists = 'ALREADY_EXISTS',
  InvalidState = 'INVALID_STATE',
  Connection = 'CONNECTION',
  Timeout = 'TIMEOUT',
  Failed = 'FAILED',
}

/** Base of every error the client throws; callers map `code` to their own domain errors. */
export class LibvirtError extends Error {
  constructor(
    readonly code: LibvirtErrorCode,
    message: string,
    /** virsh's own error text, when there was one. */
    readonly detail?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class LibvirtNotFoundError extends LibvirtError {
  constructor(message: string, detail?: string) {
    super(LibvirtErrorCode.NotFound, message, detail);
  }
}
export class LibvirtAlreadyExistsError extends LibvirtError {
  constructor(message: string, detail?: string) {
    super(LibvirtErrorCode.AlreadyExists, message, detail);
  }
}
export class LibvirtInvalidStateError extends LibvirtError {
  constructor(message: string, detail?: string) {
    super(LibvirtErrorCode.InvalidState, message, detail);
  }
}
export class LibvirtConnectionError extends LibvirtError {
  constructor(
    message: string,
    detail?: string,
    /** The URI that could not be reached, when the client knows it. */
    readonly uri?: string,
    /** True when `virsh` itself is not installed (rather than libvirtd not answering). */
    readonly virshMissing = false,
  ) {
    super(LibvirtErrorCode.Connection, message, detail);
  }

  /** What a person should do about it (libvirtUnavailableMessage). */
  get advice(): string {
    return libvirtUnavailableMessage(this.uri, this.virshMissing);
  }
}

/**
 * The sentence shown when libvirt cannot be used (health, 503 answers):
 * what is wrong and the command that fixes it.
 */
export function libvirtUnavailableMessage(uri: string | undefined, virshMissing = false): string {
  if (virshMissing) {
    return (
      'libvirt is not installed on this host (no virsh): install it with ' +
      '`sudo apt-get install libvirt-clients libvirt-daemon-system qemu-system-x86`, or run `sudo npm start` once.'
    );
  }
  return (
    `libvirt is not reachable at ${uri ?? 'its URI'}: start it with \`sudo systemctl start libvirtd\` ` +
    '(Debian package libvirt-daemon-system; without systemd: `sudo libvirtd -d`).'
  );
}
export class LibvirtTimeoutError extends LibvirtError {
  constructor(message: string, detail?: string) {
    super(LibvirtErrorCode.Timeout, message, detail);
  }
}
export class LibvirtFailedError extends LibvirtError {
  constructor(message: string, detail?: string) {
    super(LibvirtErrorCode.Failed, message, detail);
  }
}

/*
 * virsh reports every failure as exit status 1 plus "error: …" lines on
 * stderr, so the class of a failure can only be read from that text. These
 * phrases come from libvirt's fixed error templates (virerror.c) and the
 * RPC layer; they are matched case-insensitively, first list wins.
 */
const CONNECTION_PHRASES = [
  'failed to connect to the hypervisor',
  'no connection driver available',
  'failed to connect socket',
  'cannot recv data',
  'end of file while reading data',
  'connection reset by peer',
  'broken pipe',
  'client socket is closed',
  'no valid connection',
  'not connected',
  'unable to connect to server',
];
const NOT_FOUND_PHRASES = [
  'domain not found',
  'failed to get domain',
  'storage pool not found',
  'failed to get pool',
  'storage volume not found',
  'failed to get vol',
  'network not found',
  'failed to get network',
];
const ALREADY_EXISTS_PHRASES = ['already exists', 'already defined'];
const INVALID_STATE_PHRASES = [
  'domain is already active',
  'domain is not running',
  'domain is not paused',
  'domain is already running',
  'domain is already paused',
  'requested operation is not valid',
  'operation is not valid',
];

/** Turns a failed virsh run into the matching LibvirtError subclass. */
export function classifyVirshFailure(action: string, stderr: string): LibvirtError {
  const detail =
    stderr
      .split('\n')
      .map((l) => l.replace(/^error:\s*/, '').trim())
      .filter(Boolean)
      .join('; ') || 'virsh failed without a message';
  const text = stderr.toLowerCase();
  const has = (list: string[]) => list.some((p) => text.includes(p));
  const message = `${action}: ${detail}`;
  if (has(CONNECTION_PHRASES)) return new LibvirtConnectionError(message, detail);
  if (has(NOT_FOUND_PHRASES)) return new LibvirtNotFoundError(message, detail);
  if (has(ALREADY_EXISTS_PHRASES)) return new LibvirtAlreadyExistsError(message, detail);
  if (has(INVALID_STATE_PHRASES)) return new LibvirtInvalidStateError(message, detail);
  return new LibvirtFailedError(message, detail);
}
