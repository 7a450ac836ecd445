/**
 * The secrets disk's contract with the guest and with the features that put
 * files on it (the image itself is made by services/disk/vm-disks.ts).
 */
export { type SecretFile, secretPathProblem } from '../services/disk/vm-disks';

/** The serial number of the secrets disk: the guest finds it at /dev/disk/by-id/virtio-clan-secrets (nix/modules/vm-guest.nix). */
export const SECRETS_DISK_SERIAL = 'clan-secrets';
export const SECRETS_DISK_LABEL = 'clan-secrets';
/** Where the guest mounts it: a file `mesh/wireguard.key` on the disk is `/run/clan-secrets/mesh/wireguard.key` there. */
export const SECRETS_MOUNT_POINT = '/run/clan-secrets';
