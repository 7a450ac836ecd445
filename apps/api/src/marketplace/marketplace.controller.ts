import { Privilege } from '@clan/contracts';
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Authenticated, HostAccess } from '../common/authz/access.decorator';
import { IdParamPipe } from '../common/http/id-param.pipe';
import {
  CreateMarketplaceSourceDto,
  MarketplaceEntriesQuery,
  MarketplaceEntryDto,
  MarketplaceEntryListDto,
  MarketplaceEntryParams,
  MarketplaceSourceDetailDto,
  MarketplaceSourceListDto,
  UpdateMarketplaceSourceDto,
} from './marketplace.dto';
import { MarketplaceService } from './marketplace.service';

const SOURCE_ID = new IdParamPipe('sourceId', 'marketplace source');

/** The marketplace (docs/marketplace.md): host admins manage sources; anyone signed in browses the entries. */
@ApiTags('marketplace')
@Controller('marketplace')
export class MarketplaceController {
  constructor(private readonly marketplace: MarketplaceService) {}

  @Get('sources')
  @HostAccess(Privilege.SysAudit)
  @ApiOperation({ operationId: 'listMarketplaceSources', summary: 'The marketplace sources, with their indexed revision and last error' })
  @ApiOkResponse({ type: MarketplaceSourceListDto })
  async listSources(): Promise<MarketplaceSourceListDto> {
    return { items: await this.marketplace.list() };
  }

  @Post('sources')
  @HostAccess(Privilege.SysModify)
  @ApiOperation({
    operationId: 'createMarketplaceSource',
    summary:
      'Add a git repository as a source: mirror it, index its clanMarketplace and pin the revision (a failed first refresh shows in lastError)',
  })
  @ApiCreatedResponse({ type: MarketplaceSourceDetailDto })
  @ApiBadRequestResponse({
    description: 'A name, URL, ref or signer key the panel does not accept, or verified without signer keys; the message says why.',
  })
  @ApiConflictResponse({ description: 'A source of that name exists.' })
  create(@Body() dto: CreateMarketplaceSourceDto): Promise<MarketplaceSourceDetailDto> {
    return this.marketplace.create(dto);
  }

  @Get('sources/:sourceId')
  @HostAccess(Privilege.SysAudit)
  @ApiOperation({ operationId: 'getMarketplaceSource', summary: 'One source with every revision the panel indexed' })
  @ApiOkResponse({ type: MarketplaceSourceDetailDto })
  @ApiNotFoundResponse({ description: 'No such source.' })
  get(@Param('sourceId', SOURCE_ID) id: string): Promise<MarketplaceSourceDetailDto> {
    return this.marketplace.get(id);
  }

  @Patch('sources/:sourceId')
  @HostAccess(Privilege.SysModify)
  @ApiOperation({
    operationId: 'updateMarketplaceSource',
    summary:
      'Make a source verified (only revisions signed by one of its SSH signer keys are indexed) or not, and change its signer keys; nothing else changes',
  })
  @ApiOkResponse({ type: MarketplaceSourceDetailDto })
  @ApiBadRequestResponse({ description: 'A signer key the panel does not accept, or verified without signer keys; the message says why.' })
  @ApiNotFoundResponse({ description: 'No such source.' })
  update(@Param('sourceId', SOURCE_ID) id: string, @Body() dto: UpdateMarketplaceSourceDto): Promise<MarketplaceSourceDetailDto> {
    return this.marketplace.update(id, dto);
  }

  @Post('sources/:sourceId/refresh')
  @HttpCode(200)
  @HostAccess(Privilege.SysModify)
  @ApiOperation({
    operationId: 'refreshMarketplaceSource',
    summary: 'Fetch the source again and index the new revision; on failure lastError says why and the last index stays',
  })
  @ApiOkResponse({ type: MarketplaceSourceDetailDto })
  @ApiNotFoundResponse({ description: 'No such source.' })
  @ApiConflictResponse({ description: 'A refresh of this source is running.' })
  refresh(@Param('sourceId', SOURCE_ID) id: string): Promise<MarketplaceSourceDetailDto> {
    return this.marketplace.refresh(id);
  }

  @Delete('sources/:sourceId')
  @HttpCode(204)
  @HostAccess(Privilege.SysModify)
  @ApiOperation({ operationId: 'deleteMarketplaceSource', summary: 'Remove a source, its entries and its mirror' })
  @ApiNoContentResponse({ description: 'Removed.' })
  @ApiNotFoundResponse({ description: 'No such source.' })
  @ApiConflictResponse({ description: 'A refresh of this source is running.' })
  async remove(@Param('sourceId', SOURCE_ID) id: string): Promise<void> {
    await this.marketplace.remove(id);
  }

  @Get('entries')
  @Authenticated()
  @ApiOperation({
    operationId: 'listMarketplaceEntries',
    summary: 'Apps and network templates: the built-in apps and those of every source, with source, revision, narHash and options',
  })
  @ApiOkResponse({ type: MarketplaceEntryListDto })
  @ApiBadRequestResponse({ description: 'A query value out of shape.' })
  async browse(@Query() q: MarketplaceEntriesQuery): Promise<MarketplaceEntryListDto> {
    return { items: await this.marketplace.browse(q) };
  }

  @Get('entries/:source/:kind/:key')
  @Authenticated()
  @ApiOperation({ operationId: 'getMarketplaceEntry', summary: 'One app or template of a source ("built-in" for the panel\'s own apps)' })
  @ApiOkResponse({ type: MarketplaceEntryDto })
  @ApiNotFoundResponse({ description: 'No such source or entry.' })
  entry(@Param() p: MarketplaceEntryParams): Promise<MarketplaceEntryDto> {
    return this.marketplace.entry(p.source, p.kind, p.key);
  }
}
