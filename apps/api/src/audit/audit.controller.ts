import { Privilege } from '@clan/contracts';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { HostAccess, NetworkAccess } from '../common/authz/access.decorator';
import { notFound } from '../common/errors/domain-error';
import { NetworkEntity } from '../networks/network.entity';
import { UUID_RE } from '../tasks/task.store';
import { type AuditFilter, AuditService } from './audit.service';
import { AuditListDto, AuditQuery, NetworkAuditQuery } from './dto/audit.dto';

function filterOf(q: NetworkAuditQuery & { networkId?: string }): AuditFilter {
  return {
    userId: q.userId,
    networkId: q.networkId,
    action: q.action,
    result: q.result,
    since: q.since ? new Date(q.since) : undefined,
    until: q.until ? new Date(q.until) : undefined,
    limit: q.limit ?? 50,
    offset: q.offset ?? 0,
  };
}

@ApiTags('audit')
@Controller()
export class AuditController {
  constructor(
    private readonly audit: AuditService,
    @InjectRepository(NetworkEntity) private readonly networks: Repository<NetworkEntity>,
  ) {}

  @Get('audit')
  @HostAccess(Privilege.SysAudit)
  @ApiOperation({ operationId: 'listAudit', summary: 'Every audit entry, newest first' })
  @ApiOkResponse({ type: AuditListDto })
  list(@Query() query: AuditQuery): Promise<AuditListDto> {
    return this.audit.list(filterOf(query));
  }

  @Get('networks/:networkId/audit')
  @NetworkAccess(Privilege.AuditRead)
  @ApiOperation({ operationId: 'listNetworkAudit', summary: "A network's audit entries, newest first" })
  @ApiOkResponse({ type: AuditListDto })
  @ApiNotFoundResponse({ description: 'No such network.' })
  async listForNetwork(@Param('networkId') networkId: string, @Query() query: NetworkAuditQuery): Promise<AuditListDto> {
    if (!UUID_RE.test(networkId) || !(await this.networks.existsBy({ id: networkId }))) throw notFound('The network');
    return this.audit.list({ ...filterOf(query), networkId });
  }
}
