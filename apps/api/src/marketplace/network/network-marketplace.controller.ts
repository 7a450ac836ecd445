import { Privilege } from '@clan/contracts';
import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { NetworkAccess } from '../../common/authz/access.decorator';
import { CurrentPrincipal } from '../../common/authz/current-principal.decorator';
import type { Principal } from '../../common/authz/principal';
import { invalid } from '../../common/errors/domain-error';
import { IdParamPipe } from '../../common/http/id-param.pipe';
import { NetworkId, NetworkIdDoc } from '../../common/http/route-params';
import {
  AcceptMarketplaceReviewDto,
  CreateMarketplaceReviewDto,
  MarketplaceReviewDto,
  NetworkMarketplaceDto,
} from './network-marketplace.dto';
import { NetworkMarketplaceService } from './network-marketplace.service';

const REVIEW_ID = new IdParamPipe('reviewId', 'review');
const APP_KEY = /^[a-z][a-zA-Z0-9]{0,62}$/;

/** Third-party apps of one network (docs/marketplace.md, "Install and update"): reviews first, then pins. */
@ApiTags('marketplace')
@Controller('networks/:networkId/marketplace')
export class NetworkMarketplaceController {
  constructor(private readonly marketplace: NetworkMarketplaceService) {}

  @Get()
  @NetworkIdDoc()
  @NetworkAccess(Privilege.NetworkAudit)
  @ApiOperation({
    operationId: 'getNetworkMarketplace',
    summary: "The network's third-party apps (pinned revision, option schema, machines, newer revision) and its reviews",
  })
  @ApiOkResponse({ type: NetworkMarketplaceDto })
  @ApiNotFoundResponse({ description: 'No such network.' })
  overview(@NetworkId() networkId: string): Promise<NetworkMarketplaceDto> {
    return this.marketplace.overview(networkId);
  }

  @Post('reviews')
  @NetworkIdDoc()
  @NetworkAccess(Privilege.MachineConfig)
  @ApiOperation({
    operationId: 'createMarketplaceReview',
    summary:
      "Review installing a third-party app (or updating it to the source's newest revision): the repository diff and the source's Nix diff; nothing is pinned or built",
  })
  @ApiCreatedResponse({ type: MarketplaceReviewDto })
  @ApiBadRequestResponse({ description: 'A body that is not one, or a machine the network does not have.' })
  @ApiNotFoundResponse({ description: 'No such network, source or app.' })
  @ApiConflictResponse({
    description:
      'Nothing to review (pinned at that revision already), an app of that name from another source, or a mirror without the revision.',
  })
  createReview(
    @CurrentPrincipal() principal: Principal,
    @NetworkId() networkId: string,
    @Body() body: CreateMarketplaceReviewDto,
  ): Promise<MarketplaceReviewDto> {
    return this.marketplace.createReview(principal, networkId, body);
  }

  @Get('reviews/:reviewId')
  @NetworkIdDoc()
  @ApiParam({ name: 'reviewId', format: 'uuid' })
  @NetworkAccess(Privilege.NetworkAudit)
  @ApiOperation({ operationId: 'getMarketplaceReview', summary: 'One review with both diffs' })
  @ApiOkResponse({ type: MarketplaceReviewDto })
  @ApiNotFoundResponse({ description: 'No such network or review.' })
  review(@NetworkId() networkId: string, @Param('reviewId', REVIEW_ID) reviewId: string): Promise<MarketplaceReviewDto> {
    return this.marketplace.review(networkId, reviewId);
  }

  @Post('reviews/:reviewId/accept')
  @HttpCode(200)
  @NetworkIdDoc()
  @ApiParam({ name: 'reviewId', format: 'uuid' })
  @NetworkAccess(Privilege.MachineConfig)
  @ApiOperation({
    operationId: 'acceptMarketplaceReview',
    summary:
      'Pin the reviewed revision (marketplace.json, flake.nix, flake.lock; the machine, if named) in one commit; nothing is deployed',
  })
  @ApiOkResponse({ type: AcceptMarketplaceReviewDto })
  @ApiNotFoundResponse({ description: 'No such network or review.' })
  @ApiConflictResponse({ description: 'Decided already, or stale: the pin changed since the review was made.' })
  accept(
    @CurrentPrincipal() principal: Principal,
    @NetworkId() networkId: string,
    @Param('reviewId', REVIEW_ID) reviewId: string,
  ): Promise<AcceptMarketplaceReviewDto> {
    return this.marketplace.accept(principal, networkId, reviewId);
  }

  @Post('reviews/:reviewId/reject')
  @HttpCode(200)
  @NetworkIdDoc()
  @ApiParam({ name: 'reviewId', format: 'uuid' })
  @NetworkAccess(Privilege.MachineConfig)
  @ApiOperation({ operationId: 'rejectMarketplaceReview', summary: 'Turn a review down; nothing changes' })
  @ApiOkResponse({ type: MarketplaceReviewDto })
  @ApiNotFoundResponse({ description: 'No such network or review.' })
  @ApiConflictResponse({ description: 'Decided already.' })
  reject(
    @CurrentPrincipal() principal: Principal,
    @NetworkId() networkId: string,
    @Param('reviewId', REVIEW_ID) reviewId: string,
  ): Promise<MarketplaceReviewDto> {
    return this.marketplace.reject(principal, networkId, reviewId);
  }

  @Delete('apps/:key')
  @HttpCode(204)
  @NetworkIdDoc()
  @ApiParam({ name: 'key', example: 'pinBoard' })
  @NetworkAccess(Privilege.MachineConfig)
  @ApiOperation({ operationId: 'removeNetworkMarketplaceApp', summary: 'Unpin a third-party app no machine uses (one commit)' })
  @ApiNoContentResponse({ description: 'Unpinned.' })
  @ApiBadRequestResponse({ description: 'Not an app key.' })
  @ApiNotFoundResponse({ description: 'No such network, or the app is not pinned in it.' })
  @ApiConflictResponse({ description: 'Machines still list the app.' })
  async remove(@CurrentPrincipal() principal: Principal, @NetworkId() networkId: string, @Param('key') key: string): Promise<void> {
    if (!APP_KEY.test(key)) throw invalid('key', 'The app key must be a lower-case letter, then letters and digits (at most 63).');
    await this.marketplace.remove(principal, networkId, key);
  }
}
