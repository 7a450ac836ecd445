import { Privilege } from '@clan/contracts';
import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Authenticated, HostAccess, NetworkAccess, Public } from '../../common/authz/access.decorator';
import { CurrentPrincipal } from '../../common/authz/current-principal.decorator';
import type { Principal } from '../../common/authz/principal';
import { IdParamPipe } from '../../common/http/id-param.pipe';
import { NetworkId, NetworkIdDoc } from '../../common/http/route-params';
import { GitHttpService } from '../../configs/git-http.service';
import {
  CreatedFromTemplateDto,
  CreateFromTemplateDto,
  PublishedTemplateDto,
  PublishStatusDto,
  PublishTemplateDto,
  ResolvedLinkDto,
  ResolveLinkQuery,
} from './marketplace-templates.dto';
import { MarketplaceTemplates } from './marketplace-templates.service';

const PUBLISHED_ID = new IdParamPipe('networkId', 'published template');

/** Network templates: create a network from one, publish a network as one, open a nix:// link (docs/marketplace.md). */
@ApiTags('marketplace')
@Controller()
export class MarketplaceTemplatesController {
  constructor(
    private readonly templates: MarketplaceTemplates,
    private readonly git: GitHttpService,
  ) {}

  @Post('marketplace/entries/:source/template/:key/networks')
  @HostAccess(Privilege.SysModify)
  @ApiOperation({
    operationId: 'createNetworkFromTemplate',
    summary:
      'Create a network from a template: its machines with their built-in apps in one commit (fresh keys and secrets), and an install review for each third-party app',
  })
  @ApiCreatedResponse({ type: CreatedFromTemplateDto })
  @ApiBadRequestResponse({ description: 'A network name or system the panel does not accept.' })
  @ApiNotFoundResponse({ description: 'No such template.' })
  @ApiConflictResponse({ description: 'A network of that name exists, or the template does not validate here.' })
  createNetwork(
    @CurrentPrincipal() principal: Principal,
    @Param('source') source: string,
    @Param('key') key: string,
    @Body() body: CreateFromTemplateDto,
  ): Promise<CreatedFromTemplateDto> {
    return this.templates.createNetwork(principal, source, key, body);
  }

  @Get('networks/:networkId/publish')
  @NetworkIdDoc()
  @NetworkAccess(Privilege.NetworkAudit)
  @ApiOperation({ operationId: 'getNetworkPublication', summary: 'The network as a published template, or null' })
  @ApiOkResponse({ type: PublishStatusDto })
  async publication(@NetworkId() networkId: string, @Headers('host') host?: string): Promise<PublishStatusDto> {
    return { published: await this.templates.status(networkId, host) };
  }

  @Post('networks/:networkId/publish')
  @HttpCode(200)
  @NetworkIdDoc()
  @NetworkAccess(Privilege.NetworkManage)
  @ApiOperation({
    operationId: 'publishNetwork',
    summary:
      'Publish (or publish again) the network as a template: machines and app settings, never keys, secrets, members or local changes; served read-only with a nix:// link',
  })
  @ApiOkResponse({ type: PublishedTemplateDto })
  @ApiBadRequestResponse({ description: 'A title, description or licence that is not one.' })
  @ApiConflictResponse({ description: 'The network has no machines, or its configuration does not validate.' })
  publish(
    @CurrentPrincipal() principal: Principal,
    @NetworkId() networkId: string,
    @Body() body: PublishTemplateDto,
    @Headers('host') host?: string,
  ): Promise<PublishedTemplateDto> {
    return this.templates.publish(principal, networkId, body, host);
  }

  @Delete('networks/:networkId/publish')
  @HttpCode(204)
  @NetworkIdDoc()
  @NetworkAccess(Privilege.NetworkManage)
  @ApiOperation({ operationId: 'unpublishNetwork', summary: 'Stop publishing the network (its repository is removed)' })
  @ApiNoContentResponse({ description: 'Unpublished.' })
  @ApiNotFoundResponse({ description: 'No such network, or it is not published.' })
  unpublish(@NetworkId() networkId: string): Promise<void> {
    return this.templates.unpublish(networkId);
  }

  @Get('marketplace/resolve')
  @Authenticated()
  @ApiOperation({
    operationId: 'resolveNixLink',
    summary: 'What a nix:// link names here: a network of this panel, or a template repository',
  })
  @ApiOkResponse({ type: ResolvedLinkDto })
  @ApiBadRequestResponse({ description: 'Not a nix:// link this panel opens; the message says why.' })
  resolve(@CurrentPrincipal() principal: Principal, @Query() query: ResolveLinkQuery): Promise<ResolvedLinkDto> {
    return this.templates.resolve(principal, query.link);
  }

  // ── the published repositories, read-only git smart HTTP without sign-in ──

  @Get('published/:networkId.git/info/refs')
  @Public()
  @ApiOperation({
    operationId: 'publishedInfoRefs',
    summary: 'git smart HTTP of a published template: ref advertisement (clone/fetch only)',
  })
  @ApiQuery({ name: 'service', required: false, enum: ['git-upload-pack'] })
  @ApiProduces('application/x-git-upload-pack-advertisement')
  async refs(@Param('networkId', PUBLISHED_ID) networkId: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.git.serveRepo(() => this.templates.servable(networkId), 'info/refs', req, res, 'anonymous');
  }

  @Get('published/:networkId.git/HEAD')
  @Public()
  @ApiOperation({ operationId: 'publishedHead', summary: 'git dumb HTTP of a published template: the HEAD ref' })
  @ApiProduces('text/plain')
  async head(@Param('networkId', PUBLISHED_ID) networkId: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.git.serveRepo(() => this.templates.servable(networkId), 'HEAD', req, res, 'anonymous');
  }

  @Post('published/:networkId.git/git-upload-pack')
  @Public()
  @ApiOperation({
    operationId: 'publishedUploadPack',
    summary: 'git smart HTTP of a published template: send the objects a clone/fetch asked for',
  })
  @ApiProduces('application/x-git-upload-pack-result')
  async uploadPack(@Param('networkId', PUBLISHED_ID) networkId: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.git.serveRepo(() => this.templates.servable(networkId), 'git-upload-pack', req, res, 'anonymous');
  }
}
