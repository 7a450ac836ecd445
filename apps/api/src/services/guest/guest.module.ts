import { Module } from '@nestjs/common';
import { GuestTokens } from './guest-tokens';
import { Guests } from './guest.service';

/** The host side of the VM controller (docs/vm-controller.md): tokens on the secrets disk, one channel per VM. */
@Module({ providers: [GuestTokens, Guests], exports: [GuestTokens, Guests] })
export class GuestModule {}
