import { Privilege } from '@clan/contracts';
import { Body, Controller, Delete, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HostAccess, NetworkAccess } from '../common/authz/access.decorator';
import { NetworkId, NetworkIdDoc } from '../common/http/route-params';
import {
  CreateHostTargetDto,
  CreateNetworkTargetDto,
  TargetDto,
  TargetListDto,
  TargetTestResultDto,
  UpdateHostTargetDto,
  UpdateNetworkTargetDto,
} from './dto/target.dto';
import { NotificationTargetsService } from './notification-targets.service';
import { TargetId, TargetIdDoc } from './route-params';

const HOST = { networkId: null };
const TEST_SUMMARY = 'Send a test notification now and answer whether it arrived (recorded as the last delivery status)';

/**
 * Host-level targets: every network's notifications and the host-wide ones,
 * narrowed by their matchers. Managed with Sys.Modify. Secret settings are
 * write-only: answers say `…Set: true`, never the value.
 */
@ApiTags('notifications')
@Controller('notification-targets')
export class HostNotificationTargetsController {
  constructor(private readonly targets: NotificationTargetsService) {}

  @Get()
  @HostAccess(Privilege.SysAudit)
  @ApiOperation({ operationId: 'listNotificationTargets', summary: 'Host-level notification targets with their last delivery status' })
  @ApiOkResponse({ type: TargetListDto })
  list(): Promise<TargetListDto> {
    return this.targets.list(HOST);
  }

  @Post()
  @HostAccess(Privilege.SysModify)
  @ApiOperation({ operationId: 'createNotificationTarget', summary: 'Add a host-level webhook, ntfy or email target' })
  @ApiCreatedResponse({ type: TargetDto })
  @ApiBadRequestResponse({ description: 'Invalid settings (each problem names its field).' })
  create(@Body() body: CreateHostTargetDto): Promise<TargetDto> {
    return this.targets.create(HOST, body);
  }

  @Patch(':targetId')
  @TargetIdDoc()
  @HostAccess(Privilege.SysModify)
  @ApiOperation({
    operationId: 'updateNotificationTarget',
    summary: 'Change a host-level target (omitted fields stay; a null secret clears it)',
  })
  @ApiOkResponse({ type: TargetDto })
  @ApiNotFoundResponse({ description: 'No such host-level target.' })
  update(@TargetId() id: string, @Body() body: UpdateHostTargetDto): Promise<TargetDto> {
    return this.targets.update(HOST, id, body);
  }

  @Delete(':targetId')
  @TargetIdDoc()
  @HostAccess(Privilege.SysModify)
  @ApiOperation({ operationId: 'deleteNotificationTarget', summary: 'Remove a host-level target (its pending deliveries are dropped)' })
  @ApiOkResponse({ type: TargetDto })
  @ApiNotFoundResponse({ description: 'No such host-level target.' })
  remove(@TargetId() id: string): Promise<TargetDto> {
    return this.targets.remove(HOST, id);
  }

  @Post(':targetId/test')
  @HttpCode(200)
  @TargetIdDoc()
  @HostAccess(Privilege.SysModify)
  @ApiOperation({ operationId: 'testNotificationTarget', summary: TEST_SUMMARY })
  @ApiOkResponse({ type: TargetTestResultDto })
  @ApiNotFoundResponse({ description: 'No such host-level target.' })
  test(@TargetId() id: string): Promise<TargetTestResultDto> {
    return this.targets.test(HOST, id);
  }
}

/** A network's own targets: only that network's notifications, managed with Network.Manage. */
@ApiTags('notifications')
@Controller('networks/:networkId/notification-targets')
export class NetworkNotificationTargetsController {
  constructor(private readonly targets: NotificationTargetsService) {}

  @Get()
  @NetworkIdDoc()
  @NetworkAccess(Privilege.NetworkManage)
  @ApiOperation({
    operationId: 'listNetworkNotificationTargets',
    summary: "The network's notification targets with their last delivery status",
  })
  @ApiOkResponse({ type: TargetListDto })
  list(@NetworkId() networkId: string): Promise<TargetListDto> {
    return this.targets.list({ networkId });
  }

  @Post()
  @NetworkIdDoc()
  @NetworkAccess(Privilege.NetworkManage)
  @ApiOperation({
    operationId: 'createNetworkNotificationTarget',
    summary: "Add a webhook, ntfy or email target for this network's notifications",
  })
  @ApiCreatedResponse({ type: TargetDto })
  @ApiBadRequestResponse({ description: 'Invalid settings (each problem names its field).' })
  create(@NetworkId() networkId: string, @Body() body: CreateNetworkTargetDto): Promise<TargetDto> {
    return this.targets.create({ networkId }, body);
  }

  @Patch(':targetId')
  @NetworkIdDoc()
  @TargetIdDoc()
  @NetworkAccess(Privilege.NetworkManage)
  @ApiOperation({
    operationId: 'updateNetworkNotificationTarget',
    summary: 'Change a network target (omitted fields stay; a null secret clears it)',
  })
  @ApiOkResponse({ type: TargetDto })
  @ApiNotFoundResponse({ description: 'No such target in this network.' })
  update(@NetworkId() networkId: string, @TargetId() id: string, @Body() body: UpdateNetworkTargetDto): Promise<TargetDto> {
    return this.targets.update({ networkId }, id, body);
  }

  @Delete(':targetId')
  @NetworkIdDoc()
  @TargetIdDoc()
  @NetworkAccess(Privilege.NetworkManage)
  @ApiOperation({ operationId: 'deleteNetworkNotificationTarget', summary: 'Remove a network target (its pending deliveries are dropped)' })
  @ApiOkResponse({ type: TargetDto })
  @ApiNotFoundResponse({ description: 'No such target in this network.' })
  remove(@NetworkId() networkId: string, @TargetId() id: string): Promise<TargetDto> {
    return this.targets.remove({ networkId }, id);
  }

  @Post(':targetId/test')
  @HttpCode(200)
  @NetworkIdDoc()
  @TargetIdDoc()
  @NetworkAccess(Privilege.NetworkManage)
  @ApiOperation({ operationId: 'testNetworkNotificationTarget', summary: TEST_SUMMARY })
  @ApiOkResponse({ type: TargetTestResultDto })
  @ApiNotFoundResponse({ description: 'No such target in this network.' })
  test(@NetworkId() networkId: string, @TargetId() id: string): Promise<TargetTestResultDto> {
    return this.targets.test({ networkId }, id);
  }
}
