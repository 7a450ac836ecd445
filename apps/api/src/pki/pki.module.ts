import { Module } from '@nestjs/common';
import { PkiController, SignedCaLinkController } from './pki.controller';
import { Pki } from './pki.service';

/**
 * Names and HTTPS inside the mesh (docs/https.md): each network's CA, its
 * machines' certificates on their secrets disks (VmSecrets source "tls") and
 * the CA downloads for members.
 */
@Module({ controllers: [PkiController, SignedCaLinkController], providers: [Pki], exports: [Pki] })
export class PkiModule {}
