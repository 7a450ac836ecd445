import { Privilege } from '@clan/contracts';
import { NAME_MAX_LENGTH, NAME_PATTERN } from '@clan/nix-schema';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { HostAccess, NetworkAccess } from '../common/authz/access.decorator';
import { IdParamPipe } from '../common/http/id-param.pipe';
import { MachineParamPipe } from '../configs/machine-param.pipe';
import { MetricsDto, MetricsQueryDto, RANGE_MESSAGE } from './dto/metrics.dto';
import { MetricsService } from './metrics.service';

const NetworkId = () => Param('networkId', new IdParamPipe('networkId', 'network'));
const Machine = () => Param('machine', new MachineParamPipe());
const NetworkIdDoc = () => ApiParam({ name: 'networkId', format: 'uuid' });
const MachineDoc = () =>
  ApiParam({ name: 'machine', schema: { type: 'string', pattern: NAME_PATTERN.source, maxLength: NAME_MAX_LENGTH }, example: 'anna' });
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
