import { Module } from '@nestjs/common';
import { CatalogController } from './catalog.controller';

/** GET /api/catalog/*: the app catalog and configuration schemas from libs/nix-schema. */
@Module({ controllers: [CatalogController] })
export class CatalogModule {}
