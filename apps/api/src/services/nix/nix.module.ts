import { Module } from '@nestjs/common';
import { NixService } from './nix.service';

/** The Nix adapter (nix.service.ts). */
@Module({ providers: [NixService], exports: [NixService] })
export class NixModule {}
