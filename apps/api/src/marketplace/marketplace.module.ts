import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConfigsModule } from '../configs/configs.module';
import { NetworkEntity } from '../networks/network.entity';
import { NetworksModule } from '../networks/networks.module';
import { MarketplaceEntryEntity } from './marketplace-entry.entity';
import { MarketplaceGit } from './marketplace-git';
import { MarketplaceNix } from './marketplace-nix';
import { MarketplaceRevisionEntity } from './marketplace-revision.entity';
import { MarketplaceSourceEntity } from './marketplace-source.entity';
import { MarketplaceController } from './marketplace.controller';
import { MarketplaceService } from './marketplace.service';
import { MarketplaceReviewEntity } from './network/marketplace-review.entity';
import { MarketplaceTemplatesController } from './network/marketplace-templates.controller';
import { MarketplaceTemplates } from './network/marketplace-templates.service';
import { NetworkMarketplaceController } from './network/network-marketplace.controller';
import { NetworkMarketplaceService } from './network/network-marketplace.service';

/** The marketplace (docs/marketplace.md): sources, their mirrors and pins, browsing, and third-party apps in networks. */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      MarketplaceSourceEntity,
      MarketplaceEntryEntity,
      MarketplaceRevisionEntity,
      MarketplaceReviewEntity,
      NetworkEntity,
    ]),
    ConfigsModule,
    NetworksModule,
  ],
  controllers: [MarketplaceController, NetworkMarketplaceController, MarketplaceTemplatesController],
  providers: [MarketplaceService, MarketplaceGit, MarketplaceNix, NetworkMarketplaceService, MarketplaceTemplates],
})
export class MarketplaceModule {}
