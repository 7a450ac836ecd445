import { Privilege } from '@clan/contracts';
import { Body, Controller, Get, HttpCode, Post, Put, Query, Req } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { PreparedJson } from '../common/http/prepared-json';
import { NetworkAccess } from '../common/authz/access.decorator';
import { CurrentPrincipal } from '../common/authz/current-principal.decorator';
import type { Principal } from '../common/authz/principal';
import { ConfigService } from './config.service';
import {
  ConfigStatusDto,
  DiffDto,
  DiffQueryDto,
  HistoryDto,
  HistoryQueryDto,
  PutRawConfigDto,
  RawConfigDto,
  RawQueryDto,
  RevertDto,
  WriteResultDto,
} from './dto/config.dto';
import { NetworkId, NetworkIdDoc } from '../common/http/route-params';

@ApiTags('configuration')
@Controller('networks/:networkId/config')
export class ConfigController {
  constructor(private readonly configs: ConfigService) {}

  @Get('history')
  @NetworkIdDoc()
  @NetworkAccess(Privilege.NetworkAudit)
  @ApiOperation({ operationId: 'getConfigHistory', summary: 'Commits of the configuration repository, newest first' })
  @ApiOkResponse({ type: HistoryDto })
  history(@NetworkId() networkId: string, @Query() query: HistoryQueryDto): Promise<HistoryDto> {
    return this.configs.history(networkId, query);
  }

  @Get('diff')
  @NetworkIdDoc()
  @NetworkAccess(Privilege.NetworkAudit)
  @ApiOperation({ operationId: 'getConfigDiff', summary: 'Diff between two revisions (default: the head against its parent)' })
  @ApiOkResponse({ type: DiffDto })
  @ApiNotFoundResponse({ description: 'No such revision.' })
  diff(@NetworkId() networkId: string, @Query() query: DiffQueryDto): Promise<DiffDto> {
    return this.configs.diff(networkId, query);
  }

  @Get('raw')
  @NetworkIdDoc()
  @NetworkAccess(Privilege.NetworkAudit)
  @ApiOperation({ operationId: 'getRawConfig', summary: 'configs.json as text, at the head or a revision' })
  @ApiOkResponse({ type: RawConfigDto })
  @ApiNotFoundResponse({ description: 'No such revision.' })
  raw(@NetworkId() networkId: string, @Query() query: RawQueryDto): Promise<RawConfigDto> {
    return this.configs.raw(networkId, query.revision);
  }

  @Put('raw')
  @NetworkIdDoc()
  @NetworkAccess(Privilege.MachineConfig)
  @ApiOperation({ operationId: 'putRawConfig', summary: 'Replace configs.json (validated; stored normalized with defaults filled)' })
  @ApiOkResponse({ type: WriteResultDto })
  @ApiConflictResponse({ description: 'baseRevision is not the head any more.' })
  putRaw(@CurrentPrincipal() principal: Principal, @NetworkId() networkId: string, @Body() body: PutRawConfigDto): Promise<WriteResultDto> {
    return this.configs.putRaw(principal, networkId, body);
  }

  @Post('revert')
  @NetworkIdDoc()
  @HttpCode(200)
  @NetworkAccess(Privilege.MachineConfig)
  @ApiOperation({ operationId: 'revertConfig', summary: 'A new commit whose tree equals an earlier revision (history is never rewritten)' })
  @ApiOkResponse({ type: WriteResultDto })
  @ApiNotFoundResponse({ description: 'No such revision.' })
  revert(@CurrentPrincipal() principal: Principal, @NetworkId() networkId: string, @Body() body: RevertDto): Promise<WriteResultDto> {
    return this.configs.revert(principal, networkId, body);
  }

  @Get('status')
  @NetworkIdDoc()
  @NetworkAccess(Privilege.NetworkAudit)
  @ApiOperation({ operationId: 'getConfigStatus', summary: 'Head, clone link and per-machine drift (configured vs deployed revision)' })
  @ApiOkResponse({ type: ConfigStatusDto })
  status(@NetworkId() networkId: string, @Req() req: Request): Promise<PreparedJson<ConfigStatusDto>> {
    return this.configs.status(networkId, req.headers.host);
  }
}
