import { Privilege } from '@clan/contracts';
import { PEER_NAME_PATTERN } from '@clan/vpn';
import { Body, Controller, Delete, Get, Header, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put, Query, Req } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiGoneResponse,
  ApiParam,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { NetworkAccess, Public } from '../common/authz/access.decorator';
import { CurrentPrincipal } from '../common/authz/current-principal.decorator';
import type { Principal, RequestWithPrincipal } from '../common/authz/principal';
import { ErrorCode } from '@clan/contracts';
import { DomainError } from '../common/errors/domain-error';
import { NetworkId, NetworkIdDoc } from '../common/http/route-params';
import { Device, DeviceDoc, DeviceParamPipe } from './device-param.pipe';
import {
  CreateDeviceDto,
  DeviceConfigQueryDto,
  MeshDto,
  MeshPeerChangeDto,
  MeshPeerDto,
  MeshRulesDto,
  MeshRulesViewDto,
  UpdatePeerDto,
} from './dto/mesh.dto';
import { AcceptedInviteDto, AcceptInviteDto, CreatedInviteDto, CreateInviteDto, InviteDto, InvitePreviewDto } from './dto/invite.dto';
import { MeshHost } from './host/mesh-host.service';
import { MeshInvites, qrSvg } from './mesh-invites.service';
import { MeshConfigs } from './mesh-configs.service';
import { MeshModel } from './mesh-model.service';
import { MeshRules } from './mesh-rules.service';
import { MeshStatus } from './mesh-status.service';
import { MeshService } from './mesh.service';

/**
 * The network's mesh VPN (docs/api.md "Mesh"). Reading
 * the member list (public keys and addresses) is Network.Audit; anything that
 * adds or removes a peer, and reading a config (it carries the device's
 * private key), is Member.Manage: devices are how people join the mesh.
 */
@ApiTags('mesh')
@Controller('networks/:networkId/mesh')
export class MeshController {
  constructor(
    private readonly model: MeshModel,
    private readonly peers: MeshService,
    private readonly status: MeshStatus,
    private readonly configs: MeshConfigs,
    private readonly meshRules: MeshRules,
    private readonly host: MeshHost,
    private readonly invites: MeshInvites,
  ) {}

  @Get()
  @NetworkIdDoc()
  @NetworkAccess(Privilege.NetworkAudit)
  @ApiOperation({
    operationId: 'getMesh',
    summary: "The network's mesh: address ranges, peers with online state, and who has picked up recent removals",
  })
  @ApiOkResponse({ type: MeshDto })
  async get(@NetworkId() networkId: string): Promise<MeshDto> {
    await this.model.ranges(networkId);
    return this.status.get(networkId, await this.host.live(networkId));
  }

  @Post('apply')
  @HttpCode(200)
  @NetworkIdDoc()
  @NetworkAccess(Privilege.MemberManage)
  @ApiOperation({
    operationId: 'applyMesh',
    summary: "Apply the member list to the host's interface now (it also happens after every change and every minute)",
  })
  @ApiOkResponse({ type: MeshDto })
  async apply(@NetworkId() networkId: string): Promise<MeshDto> {
    await this.model.layer(networkId);
    if (this.host.enabled) await this.host.apply(networkId).catch(() => undefined);
    return this.status.get(networkId, await this.host.live(networkId));
  }

  @Get('rules')
  @NetworkIdDoc()
  @NetworkAccess(Privilege.NetworkAudit)
  @ApiOperation({ operationId: 'getMeshRules', summary: 'Reachability rules (who may reach which machine and port) and what they allow' })
  @ApiOkResponse({ type: MeshRulesViewDto })
  rules(@NetworkId() networkId: string): Promise<MeshRulesViewDto> {
    return this.meshRules.rules(networkId) as unknown as Promise<MeshRulesViewDto>;
  }

  @Put('rules')
  @NetworkIdDoc()
  @NetworkAccess(Privilege.MemberManage)
  @ApiOperation({ operationId: 'putMeshRules', summary: "Replace the reachability rules; machines' firewalls follow" })
  @ApiOkResponse({ type: MeshRulesViewDto })
  async putRules(@NetworkId() networkId: string, @Body() body: MeshRulesDto): Promise<MeshRulesViewDto> {
    await this.meshRules.setRules(networkId, body.rules);
    return this.meshRules.rules(networkId) as unknown as Promise<MeshRulesViewDto>;
  }

  @Get('invites')
  @NetworkIdDoc()
  @NetworkAccess(Privilege.MemberManage)
  @ApiOperation({ operationId: 'listMeshInvites', summary: 'Invites of this network, newest first (tokens are never shown again)' })
  @ApiOkResponse({ type: [InviteDto] })
  listInvites(@NetworkId() networkId: string): Promise<InviteDto[]> {
    return this.invites.list(networkId);
  }

  @Post('invites')
  @NetworkIdDoc()
  @NetworkAccess(Privilege.MemberManage)
  @ApiOperation({ operationId: 'createMeshInvite', summary: 'Create a single-use, expiring invite link for one device (with a QR code)' })
  @ApiCreatedResponse({ type: CreatedInviteDto })
  createInvite(
    @CurrentPrincipal() principal: Principal,
    @NetworkId() networkId: string,
    @Body() body: CreateInviteDto,
    @Req() req: RequestWithPrincipal,
  ): Promise<CreatedInviteDto> {
    return this.invites.create(principal, networkId, body, req.headers.host);
  }

  @Delete('invites/:inviteId')
  @NetworkIdDoc()
  @NetworkAccess(Privilege.MemberManage)
  @ApiOperation({ operationId: 'cancelMeshInvite', summary: 'Cancel an unused invite' })
  @ApiOkResponse({ type: InviteDto })
  @ApiNotFoundResponse({ description: 'No such invite in this network.' })
  @ApiConflictResponse({ description: 'The invite was already used.' })
  cancelInvite(
    @NetworkId() networkId: string,
    @Param('inviteId', new ParseUUIDPipe({ exceptionFactory: () => noInvite() })) inviteId: string,
  ): Promise<InviteDto> {
    return this.invites.cancel(networkId, inviteId);
  }

  @Get('devices/:device/qr')
  @NetworkIdDoc()
  @DeviceDoc()
  @NetworkAccess(Privilege.MemberManage)
  @Header('Content-Type', 'image/svg+xml')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    operationId: 'getMeshDeviceQr',
    summary: "The device's config in its layer's default form as a QR code (SVG), for the layer's phone apps; it carries the private key",
  })
  @ApiProduces('image/svg+xml')
  @ApiOkResponse({ content: { 'image/svg+xml': { schema: { type: 'string' } } } })
  @ApiNotFoundResponse({ description: 'No such active device.' })
  async qr(@NetworkId() networkId: string, @Device() device: string): Promise<string> {
    return qrSvg(await this.configs.deviceConfig(networkId, device));
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
    return this.peers.createDevice(networkId, body);
  }

  @Get('devices/:device/config')
  @NetworkIdDoc()
  @DeviceDoc()
  @NetworkAccess(Privilege.MemberManage)
  @Header('Content-Type', 'text/plain; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    operationId: 'getMeshDeviceConfig',
    summary:
      "The device's config in one of its layer's forms (with its private key when the panel holds it, else the {{PRIVATE_KEY}} placeholder)",
  })
  @ApiProduces('text/plain')
  @ApiOkResponse({ content: { 'text/plain': { schema: { type: 'string' } } } })
  @ApiNotFoundResponse({ description: 'No such active device.' })
  config(@NetworkId() networkId: string, @Device() device: string, @Query() query: DeviceConfigQueryDto): Promise<string> {
    return this.configs.deviceConfig(networkId, device, query.format);
  }

  @Delete('devices/:device')
  @NetworkIdDoc()
  @DeviceDoc()
  @NetworkAccess(Privilege.MemberManage)
  @ApiOperation({
    operationId: 'revokeMeshDevice',
    summary: 'Remove a device from the mesh: its address is freed, no peer renders it any more',
  })
  @ApiOkResponse({ type: MeshPeerChangeDto, description: 'The revoked device, and how far the cut reached (host, device agents).' })
  @ApiNotFoundResponse({ description: 'No such active device.' })
  revoke(@NetworkId() networkId: string, @Device() device: string): Promise<MeshPeerChangeDto> {
    return this.peers.revokeDevice(networkId, device);
  }

  @Post('devices/:device/block')
  @HttpCode(200)
  @NetworkIdDoc()
  @DeviceDoc()
  @NetworkAccess(Privilege.MemberManage)
  @ApiOperation({
    operationId: 'blockMeshDevice',
    summary: 'Block a device: out of the mesh everywhere at once, but it keeps its address and key for an unblock',
  })
  @ApiOkResponse({ type: MeshPeerChangeDto, description: 'The blocked device, and how far the cut reached (host, device agents).' })
  @ApiNotFoundResponse({ description: 'No such active device.' })
  @ApiConflictResponse({ description: 'Already blocked.' })
  block(@NetworkId() networkId: string, @Device() device: string): Promise<MeshPeerChangeDto> {
    return this.peers.block(networkId, device);
  }

  @Post('devices/:device/unblock')
  @HttpCode(200)
  @NetworkIdDoc()
  @DeviceDoc()
  @NetworkAccess(Privilege.MemberManage)
  @ApiOperation({ operationId: 'unblockMeshDevice', summary: 'Let a blocked device back in with its address and key' })
  @ApiOkResponse({ type: MeshPeerChangeDto, description: 'The device, and how far the change reached (host, device agents).' })
  @ApiNotFoundResponse({ description: 'No such active device.' })
  @ApiConflictResponse({ description: 'Not blocked, or its name or key was taken meanwhile.' })
  unblock(@NetworkId() networkId: string, @Device() device: string): Promise<MeshPeerChangeDto> {
    return this.peers.unblock(networkId, device);
  }

  @Patch('peers/:peer')
  @NetworkIdDoc()
  @ApiParam({ name: 'peer', schema: { type: 'string', pattern: PEER_NAME_PATTERN.source, maxLength: 63 }, example: 'kid-tablet' })
  @NetworkAccess(Privilege.MemberManage)
  @ApiOperation({ operationId: 'updateMeshPeer', summary: "Set a device's or machine's groups (reachability rules may name them)" })
  @ApiOkResponse({ type: MeshPeerDto })
  @ApiNotFoundResponse({ description: 'No such active device or machine.' })
  updatePeer(
    @NetworkId() networkId: string,
    @Param('peer', new DeviceParamPipe()) peer: string,
    @Body() body: UpdatePeerDto,
  ): Promise<MeshPeerDto> {
    return this.peers.updatePeer(networkId, peer, body);
  }
}

function noInvite() {
  return new DomainError(ErrorCode.NotFound, 'The invite was not found.');
}

/**
 * The invite link's side (no account needed: the link is the credential).
 * Shows what the invite is for, and accepting it creates the device once.
 */
@ApiTags('mesh')
@Controller('mesh/invites/:token')
export class MeshInviteLinkController {
  constructor(private readonly invites: MeshInvites) {}

  @Get()
  @Public()
  @ApiParam({ name: 'token', schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{32}$' } })
  @ApiOperation({ operationId: 'previewMeshInvite', summary: 'What an invite link is for (network, suggested name, expiry, mesh layer)' })
  @ApiOkResponse({ type: InvitePreviewDto })
  @ApiNotFoundResponse({ description: 'No such invite.' })
  @ApiGoneResponse({ description: 'Used, cancelled or expired.' })
  preview(@Param('token') token: string): Promise<InvitePreviewDto> {
    return this.invites.preview(token);
  }

  @Post('accept')
  @Public()
  @ApiParam({ name: 'token', schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{32}$' } })
  @ApiOperation({
    operationId: 'acceptMeshInvite',
    summary: 'Join with one device: its own public key (preferred) or a panel-made key pair; returns its config and QR code',
  })
  @ApiCreatedResponse({ type: AcceptedInviteDto })
  @ApiNotFoundResponse({ description: 'No such invite.' })
  @ApiGoneResponse({ description: 'Used, cancelled or expired.' })
  @ApiConflictResponse({ description: 'The device name is taken (the invite stays usable).' })
  accept(@Param('token') token: string, @Body() body: AcceptInviteDto, @Req() req: RequestWithPrincipal): Promise<AcceptedInviteDto> {
    return this.invites.accept(token, body, req.principal ?? null);
  }
}
