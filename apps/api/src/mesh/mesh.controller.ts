import { Privilege } from '@clan/contracts';
import { Body, Controller, Delete, Get, Header, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { NetworkAccess } from '../common/authz/access.decorator';
import { NetworkId, NetworkIdDoc } from '../common/http/route-params';
import { Device, DeviceDoc } from './device-param.pipe';
import { CreateDeviceDto, DeviceConfigQueryDto, MeshDto, MeshPeerDto } from './dto/mesh.dto';
import { MeshService } from './mesh.service';

/**
 * The network's mesh VPN (issue 6, first slice; docs/api.md "Mesh"). Reading
 * the member list (public keys and addresses) is Network.Audit; anything that
 * adds or removes a peer, and reading a config (it carries the device's
 * private key), is Member.Manage: devices are how people join the mesh.
 */
@ApiTags('mesh')
@Controller('networks/:networkId/mesh')
export class MeshController {
  constructor(private readonly mesh: MeshService) {}

  @Get()
  @NetworkIdDoc()
  @NetworkAccess(Privilege.NetworkAudit)
  @ApiOperation({ operationId: 'getMesh', summary: "The network's mesh: address ranges and peers (allocates the ranges on first use)" })
  @ApiOkResponse({ type: MeshDto })
  get(@NetworkId() networkId: string): Promise<MeshDto> {
    return this.mesh.get(networkId);
  }

  @Post('devices')
  @NetworkIdDoc()
  @NetworkAccess(Privilege.MemberManage)
  @ApiOperation({
    operationId: 'createMeshDevice',
    summary: 'Add a device: the lowest free address, and a key pair unless the device brings its public key',
  })
  @ApiCreatedResponse({ type: MeshPeerDto })
  @ApiConflictResponse({ description: 'The name or the public key is taken, or the range is full.' })
  create(@NetworkId() networkId: string, @Body() body: CreateDeviceDto): Promise<MeshPeerDto> {
    return this.mesh.createDevice(networkId, body);
  }

  @Get('devices/:device/config')
  @NetworkIdDoc()
  @DeviceDoc()
  @NetworkAccess(Privilege.MemberManage)
  @Header('Content-Type', 'text/plain; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    operationId: 'getMeshDeviceConfig',
    summary: "The device's WireGuard config (with its private key when the panel holds it, else the {{PRIVATE_KEY}} placeholder)",
  })
  @ApiProduces('text/plain')
  @ApiOkResponse({ content: { 'text/plain': { schema: { type: 'string' } } } })
  @ApiNotFoundResponse({ description: 'No such active device.' })
  config(@NetworkId() networkId: string, @Device() device: string, @Query() query: DeviceConfigQueryDto): Promise<string> {
    return this.mesh.deviceConfig(networkId, device, query.format ?? 'wg-quick');
  }

  @Delete('devices/:device')
  @NetworkIdDoc()
  @DeviceDoc()
  @NetworkAccess(Privilege.MemberManage)
  @ApiOperation({
    operationId: 'revokeMeshDevice',
    summary: 'Remove a device from the mesh: its address is freed, no peer renders it any more',
  })
  @ApiOkResponse({ type: MeshPeerDto })
  @ApiNotFoundResponse({ description: 'No such active device.' })
  revoke(@NetworkId() networkId: string, @Device() device: string): Promise<MeshPeerDto> {
    return this.mesh.revokeDevice(networkId, device);
  }
}
