import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MarketplaceEntryEntity } from './marketplace-entry.entity';
import { MarketplaceGit } from './marketplace-git';
import { MarketplaceNix } from './marketplace-nix';
import { MarketplaceRevisionEntity } from './marketplace-revision.entity';
import { MarketplaceSourceEntity } from './marketplace-source.entity';
import { MarketplaceController } from './marketplace.controller';
import { MarketplaceService } from './marketplace.service';

/** The marketplace, slice 1 (docs/marketplace.md): sources, their mirrors and pins, and browsing. */
@Module({
  imports: [TypeOrmModule.forFeature([MarketplaceSourceEntity, MarketplaceEntryEntity, MarketplaceRevisionEntity])],
  controllers: [MarketplaceController],
  providers: [MarketplaceService, MarketplaceGit, MarketplaceNix],
})
export class MarketplaceModule {}
