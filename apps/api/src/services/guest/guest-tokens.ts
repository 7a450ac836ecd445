import { Injectable, type OnModuleInit } from '@nestjs/common';
import { VmSecrets } from '../../vms/vm-secrets';
import { SecretBox } from '../secrets/secret-box';

/** Where the token lies on the secrets disk (the guest reads /run/clan-secrets/controller/token). */
export const CONTROLLER_TOKEN_PATH = 'controller/token';

/**
 * Each machine's VM controller token: an HMAC of `<networkId>/<machine>`
 * with the panel's master key (purpose `vm-controller`), so nothing new is
 * stored and a machine's token opens no other machine. Delivered on the
 * machine's secrets disk at every deployment.
 */
@Injectable()
export class GuestTokens implements OnModuleInit {
  constructor(
    private readonly box: SecretBox,
    private readonly vmSecrets: VmSecrets,
  ) {}

  onModuleInit(): void {
    this.vmSecrets.register('controller', (networkId, machine) =>
      Promise.resolve([{ path: CONTROLLER_TOKEN_PATH, content: `${this.tokenFor(networkId, machine)}\n` }]),
    );
  }

  tokenFor(networkId: string, machine: string): string {
    return this.box.mac('vm-controller', `${networkId}/${machine}`);
  }
}
