import { Privilege } from '@clan/contracts';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HostAccess, NetworkAccess } from '../common/authz/access.decorator';
import { MetricsDto, MetricsQueryDto, RANGE_MESSAGE } from './dto/metrics.dto';
import { MetricsService } from './metrics.service';
import { Machine, MachineDoc, NetworkId, NetworkIdDoc } from '../common/http/route-params';

const BadRange = () => ApiBadRequestResponse({ description: RANGE_MESSAGE });
const SERIES =
  'cpu (percent), memory and memoryTotal (bytes), diskRead, diskWrite, netRx, netTx (bytes per second), each point the average and maximum of its step';

@ApiTags('metrics')
@Controller()
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get('host/metrics')
  @HostAccess(Privilege.SysAudit)
  @ApiOperation({
    operationId: 'getHostMetrics',
    summary: 'Host metrics over a range',
    description: `${SERIES}; and load (1-minute load average).`,
  })
  @ApiOkResponse({ type: MetricsDto })
  @BadRange()
  host(@Query() query: MetricsQueryDto): Promise<MetricsDto> {
    return this.metrics.host(query.range ?? 'hour');
  }

  @Get('networks/:networkId/metrics')
  @NetworkIdDoc()
  @NetworkAccess(Privilege.NetworkAudit)
  @ApiOperation({
    operationId: 'getNetworkMetrics',
    summary: "A network's metrics over a range: the sums of its machines'",
    description: `${SERIES}. cpu is weighted by the machines' vCPUs.`,
  })
  @ApiOkResponse({ type: MetricsDto })
  @ApiNotFoundResponse({ description: 'No such network.' })
  @BadRange()
  network(@NetworkId() networkId: string, @Query() query: MetricsQueryDto): Promise<MetricsDto> {
    return this.metrics.network(networkId, query.range ?? 'hour');
  }

  @Get('networks/:networkId/machines/:machine/metrics')
  @NetworkIdDoc()
  @MachineDoc()
  @NetworkAccess(Privilege.NetworkAudit)
  @ApiOperation({ operationId: 'getMachineMetrics', summary: "A machine's metrics over a range", description: `${SERIES}.` })
  @ApiOkResponse({ type: MetricsDto })
  @ApiNotFoundResponse({ description: 'No such machine.' })
  @BadRange()
  machine(@NetworkId() networkId: string, @Machine() machine: string, @Query() query: MetricsQueryDto): Promise<MetricsDto> {
    return this.metrics.machine(networkId, machine, query.range ?? 'hour');
  }
}
