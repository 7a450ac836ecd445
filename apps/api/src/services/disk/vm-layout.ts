import { chmod, chown, mkdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/**
 * Where a VM's files live on the host: `<stateDir>/vms/<networkId>/<machine>/`
 *   state.img     persistent state disk (vda), kept across generations
 *   serial.log    everything the serial console printed since the last start
 *                 (libvirt's log of the console pty; truncated on every start)
 *   health.sock   the VM controller's health port org.clan.health.0 (PING;
 *                 libvirt binds it)
 *   control.sock  its control port org.clan.control.0 (requests), always
 *                 beside health.sock (controlSocketBeside)
 *   display/      vnc.sock: the graphical console of machines with a display;
 *                 qemu binds it itself, so the directory belongs to qemu's user
 *   console/      the panel's own serial scrollback across boots (docs/consoles.md)
 *   secrets.img   the machine's secrets disk (vdc, read-only in the guest), 0600
 *   gen-<n>/      kernel, initrd (copies: libvirt chowns what it boots) and store.img
 * qemu runs as another user, so every directory on the way must be
 * traversable by others (0711: nothing can be listed).
 */
/** The control socket of a VM whose health socket is `healthSocket`: the file beside it (GuestChannel finds it so). */
export function controlSocketBeside(healthSocket: string): string {
  return join(dirname(healthSocket), 'control.sock');
}

export class VmLayout {
  readonly dir: string;

  constructor(
    readonly stateDir: string,
    readonly networkId: string,
    readonly machine: string,
  ) {
    this.dir = join(stateDir, 'vms', networkId, machine);
  }

  get stateDisk(): string {
    return join(this.dir, 'state.img');
  }
  get serialLog(): string {
    return join(this.dir, 'serial.log');
  }
  get healthSocket(): string {
    return join(this.dir, 'health.sock');
  }
  get controlSocket(): string {
    return controlSocketBeside(this.healthSocket);
  }
  get displayDir(): string {
    return join(this.dir, 'display');
  }
  get vncSocket(): string {
    return join(this.displayDir, 'vnc.sock');
  }
  get consoleDir(): string {
    return join(this.dir, 'console');
  }
  genDir(n: number): string {
    return join(this.dir, `gen-${n}`);
  }
  kernel(n: number): string {
    return join(this.genDir(n), 'kernel');
  }
  initrd(n: number): string {
    return join(this.genDir(n), 'initrd');
  }
  storeDisk(n: number): string {
    return join(this.genDir(n), 'store.img');
  }
  /** The secrets disk (vdc, serial clan-secrets): rewritten at every definition, 0600; never archived. */
  get secretsDisk(): string {
    return join(this.dir, 'secrets.img');
  }
  /** Where the secrets are staged (0700) while the secrets disk is made; emptied right after. */
  get secretsScratch(): string {
    return join(this.dir, 'secrets-tmp');
  }

  /**
   * The directory qemu creates the VNC socket in: owned by the user libvirt
   * runs qemu as (`owner`, when known), readable by the panel. A panel that
   * is not root can only hand it over through a group it shares with qemu.
   */
  async ensureDisplayDir(owner: { uid: number; gid: number } | null): Promise<void> {
    await this.ensure();
    const dir = this.displayDir;
    await mkdir(dir, { recursive: true, mode: 0o750 });
    if (!owner) return;
    const st = await stat(dir);
    if (st.uid === owner.uid && st.gid === owner.gid) return;
    if (process.getuid?.() === 0) {
      await chown(dir, owner.uid, owner.gid);
      await chmod(dir, 0o750);
      return;
    }
    try {
      await chown(dir, -1, owner.gid);
      await chmod(dir, 0o2770);
    } catch {
      throw new Error(
        `qemu (uid ${owner.uid}) cannot create the display socket in ${dir}: run the panel as root, or add its user to group ${owner.gid}.`,
      );
    }
  }

  /** Creates the directories and opens the path for qemu to traverse. */
  async ensure(n?: number): Promise<void> {
    await mkdir(n === undefined ? this.dir : this.genDir(n), { recursive: true });
    for (let d = n === undefined ? this.dir : this.genDir(n); d.startsWith(this.stateDir); d = dirname(d)) {
      const mode = (await stat(d)).mode & 0o777;
      if ((mode & 0o001) === 0) await chmod(d, mode | 0o711);
      if (d === this.stateDir) break;
    }
  }
}
