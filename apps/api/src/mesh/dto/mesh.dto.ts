import { PEER_NAME_PATTERN } from '@clan/vpn';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';

/** The longest public key of any layer's text form, with room to spare (WireGuard 44, Yggdrasil 64). */
export const PUBLIC_KEY_MAX_LENGTH = 128;

/** The network's mesh layer as clients need it: what a joining device makes, which config forms exist. */
export class MeshLayerDto {
  @ApiProperty({ example: 'wireguard', description: 'The layer name (libs/vpn MeshLayerKind).' }) kind!: string;
  @ApiProperty({ example: 'WireGuard' }) title!: string;
  @ApiProperty({
    enum: ['X25519', 'Ed25519'],
    description: 'The WebCrypto algorithm of the key pair a device makes for itself (WireGuard X25519, Yggdrasil Ed25519).',
  })
  keyAlgorithm!: 'X25519' | 'Ed25519';
  @ApiProperty({ enum: ['base64', 'hex'], description: 'How the layer writes a public key: base64 of the raw bytes, or hex.' })
  publicKeyEncoding!: 'base64' | 'hex';
  @ApiProperty({ example: 44, description: "Characters of a public key in the layer's text form." }) publicKeyLength!: number;
  @ApiProperty({
    type: [String],
    example: ['wg-quick', 'syncconf'],
    description: 'The forms a device config comes in (`?format=`); the first is the default.',
  })
  configFormats!: string[];
}

export class CreateDeviceDto {
  @ApiProperty({
    minLength: 1,
    maxLength: 63,
    pattern: PEER_NAME_PATTERN.source,
    example: 'laptop',
    description: 'DNS label, unique among the active peers of the network: `<name>.<network>.clan`.',
  })
  @IsString()
  @Length(1, 63)
  @Matches(PEER_NAME_PATTERN, {
    message: 'name must be a DNS label: lowercase letters, digits and inner hyphens, e.g. "anna-laptop"',
  })
  name!: string;

  @ApiPropertyOptional({
    maxLength: PUBLIC_KEY_MAX_LENGTH,
    example: 'YPsjQ0RuDtXYGe2Gva3ud4u5uZEWqW1tSFyF3rwkF2A=',
    description:
      "The public key in the network's layer's form (WireGuard: base64, as `wg pubkey` prints it) when the device made its own key pair; " +
      'the panel then never sees the private key. Without it the panel generates the pair and keeps the private key encrypted.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(PUBLIC_KEY_MAX_LENGTH, { message: `publicKey must be at most ${PUBLIC_KEY_MAX_LENGTH} characters` })
  publicKey?: string;

  @ApiPropertyOptional({
    maxLength: 262,
    example: '203.0.113.7:51820',
    description: '"host:port" (or "[v6]:port") where other peers can reach the device; omit when they cannot.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(262)
  endpoint?: string;

  @ApiPropertyOptional({ description: 'Behind NAT: keepalives hold its mapping open. Default: true without an endpoint.' })
  @IsOptional()
  @IsBoolean()
  behindNat?: boolean;

  @ApiPropertyOptional({ description: 'Forward traffic for peers that cannot reach each other directly (needs an endpoint).' })
  @IsOptional()
  @IsBoolean()
  relay?: boolean;

  @ApiPropertyOptional({ description: 'Talk directly to relays only (small configs for QR codes). Default false.' })
  @IsOptional()
  @IsBoolean()
  relayOnly?: boolean;
}

export class DeviceConfigQueryDto {
  @ApiPropertyOptional({
    maxLength: 32,
    example: 'wg-quick',
    description: "One of the layer's config forms (MeshDto.layer.configFormats; WireGuard: wg-quick, syncconf). Default: the first.",
  })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  format?: string;
}

/** A group name for reachability rules: a DNS-label-like word ("kids", "office"). */
export const GROUP_PATTERN = /^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?$/;
export const MAX_GROUPS = 16;

/** The device agent of a peer (docs/mesh-agent.md), as the Mesh tab shows it. */
export class MeshAgentStateDto {
  @ApiProperty({ description: 'The agent holds a live connection to the panel now.' }) online!: boolean;
  @ApiProperty({ type: String, nullable: true, example: '0.1.0', description: "The agent's clanctl version (its last hello)." })
  version!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the agent was last connected.' })
  lastSeen!: string | null;
  @ApiProperty({ description: 'The mesh revision the agent last applied (0 = none yet).' }) appliedRevision!: number;
  @ApiProperty({ type: String, nullable: true, description: 'Why the last config could not be applied on the device, or null.' })
  error!: string | null;
  @ApiProperty({
    type: 'array',
    items: {
      type: 'object',
      properties: {
        name: { type: 'string', nullable: true },
        publicKey: { type: 'string' },
        lastHandshake: { type: 'string', format: 'date-time', nullable: true },
      },
    },
    description: "The device's own view: its last handshake with each peer (from its last status report).",
  })
  peers!: { name: string | null; publicKey: string; lastHandshake: string | null }[];
}

export class MeshPeerDto {
  @ApiProperty({ example: 'laptop' }) name!: string;
  @ApiProperty({ enum: ['device', 'machine', 'host'], description: '`host`: the panel host itself (panel.<network>.clan, address .1).' })
  kind!: 'device' | 'machine' | 'host';
  @ApiProperty({ type: String, nullable: true, example: '10.100.0.2', description: 'null once revoked.' }) ipv4!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'fd3c:8a21:9f04::2', description: 'null once revoked.' }) ipv6!: string | null;
  @ApiProperty({ example: 'YPsjQ0RuDtXYGe2Gva3ud4u5uZEWqW1tSFyF3rwkF2A=' }) publicKey!: string;
  @ApiProperty({ type: String, nullable: true, example: '203.0.113.7:51820' }) endpoint!: string | null;
  @ApiProperty() behindNat!: boolean;
  @ApiProperty() relay!: boolean;
  @ApiProperty() relayOnly!: boolean;
  @ApiProperty({ description: 'True when the panel holds the private key (it generated the pair).' }) panelHoldsKey!: boolean;
  @ApiProperty({ description: 'Removed from the mesh: no other peer renders it any more.' }) revoked!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) revokedAt!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The panel user the device belongs to.' }) ownerUserId!:
    string | null;
  @ApiProperty({ description: 'The mesh revision this peer last picked up (host: applied; device: fetched its config).' })
  syncedRevision!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) syncedAt!: string | null;
  @ApiProperty({ description: 'Active but still on an older config: it may still trust removed peers.' }) pendingSync!: boolean;
  @ApiProperty({
    type: Boolean,
    nullable: true,
    description: "Handshake with the host's interface within 3 minutes; null when the host runs no interface or cannot see this peer.",
  })
  online!: boolean | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: "Last handshake with the host's interface." })
  lastHandshake!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Where the host last heard the peer from.' }) endpointSeen!: string | null;
  @ApiProperty({ type: Number, nullable: true }) rxBytes!: number | null;
  @ApiProperty({ type: Number, nullable: true }) txBytes!: number | null;
  @ApiProperty({ type: [String], example: ['kids'], description: 'Groups for reachability rules.' }) groups!: string[];
  @ApiProperty({ description: 'Blocked: out of the mesh until unblocked (keeps its address and key).' }) blocked!: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) blockedAt!: string | null;
  @ApiProperty({ type: MeshAgentStateDto, nullable: true, description: 'The device agent, when one is enrolled for this peer.' })
  agent!: MeshAgentStateDto | null;
}

/** How far a removal or block reached: the host and every online agent (docs/mesh-agent.md, "Removal that cuts"). */
export class MeshCutDto {
  @ApiProperty({ description: "The host's interface no longer has the key (false when the host runs no interface or it failed)." })
  host!: boolean;
  @ApiProperty({ description: 'Agents connected when the change was made.' }) online!: number;
  @ApiProperty({ description: 'Online agents that confirmed the new config within the wait (about 2 s).' }) applied!: number;
  @ApiProperty({ type: [String], description: 'Online agents that did not confirm in time or failed to apply.' }) pending!: string[];
  @ApiProperty({ type: [String], description: 'Enrolled agents not connected now: they drop the key first thing when they reconnect.' })
  offline!: string[];
  @ApiProperty({ example: 'Cut on 6 of 6 online devices, 1 offline (will be cut on reconnect).' }) summary!: string;
}

/** A peer after a removal, block or unblock, with how far the change reached. */
export class MeshPeerChangeDto extends MeshPeerDto {
  @ApiProperty({ type: MeshCutDto }) cut!: MeshCutDto;
}

export class UpdatePeerDto {
  @ApiPropertyOptional({
    type: [String],
    example: ['kids'],
    description: `Groups for reachability rules (at most ${MAX_GROUPS}; lower-case words like "kids", "office"). Replaces the list.`,
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_GROUPS, { message: `a peer may have at most ${MAX_GROUPS} groups` })
  @IsString({ each: true })
  @Matches(GROUP_PATTERN, {
    each: true,
    message: 'each group must be a lower-case word: a–z, 0–9 and inner "-", at most 32 characters, e.g. "kids"',
  })
  groups?: string[];
}

/** Enrol a device agent with an API token (Member.Manage on the network): `clanctl mesh up --network … --name …`. */
export class CreateMeshAgentDto {
  @ApiProperty({ minLength: 1, maxLength: 63, pattern: PEER_NAME_PATTERN.source, example: 'office-server' })
  @IsString()
  @Length(1, 63)
  @Matches(PEER_NAME_PATTERN, { message: 'name must be a DNS label: lowercase letters, digits and inner hyphens, e.g. "anna-laptop"' })
  name!: string;

  @ApiProperty({
    maxLength: PUBLIC_KEY_MAX_LENGTH,
    description: "The device's own public key in the network's layer's form; the private key never leaves the device.",
  })
  @IsString()
  @MaxLength(PUBLIC_KEY_MAX_LENGTH, { message: `publicKey must be at most ${PUBLIC_KEY_MAX_LENGTH} characters` })
  publicKey!: string;

  @ApiPropertyOptional({
    maxLength: 262,
    example: '203.0.113.7:51820',
    description: 'Where other peers can reach the device, if they can.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(262)
  endpoint?: string;

  @ApiPropertyOptional({ type: [String], example: ['office'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_GROUPS, { message: `a peer may have at most ${MAX_GROUPS} groups` })
  @IsString({ each: true })
  @Matches(GROUP_PATTERN, {
    each: true,
    message: 'each group must be a lower-case word: a–z, 0–9 and inner "-", at most 32 characters, e.g. "kids"',
  })
  groups?: string[];
}

/** Enrol a device agent with an invite (no account needed: the invite is the credential). */
export class EnrolMeshAgentDto extends CreateMeshAgentDto {
  @ApiProperty({ pattern: '^[A-Za-z0-9_-]{32}$', description: 'The invite token (the last part of the invite link).' })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{32}$/, { message: 'invite must be the token of an invite link: 32 letters, digits, "-" or "_"' })
  invite!: string;
}

export class MeshAgentEnrolmentDto {
  @ApiProperty({ format: 'uuid' }) networkId!: string;
  @ApiProperty({ example: 'family' }) network!: string;
  @ApiProperty({ example: 'anna-laptop' }) peer!: string;
  @ApiProperty({ enum: ['wireguard', 'yggdrasil'] }) layer!: 'wireguard' | 'yggdrasil';
  @ApiProperty({ description: "The agent's secret for its WebSocket (Authorization: Bearer …). Shown once." }) agentToken!: string;
  @ApiProperty({ type: [String], description: 'Where the agent may reach the panel, in order (the last: inside the mesh).' })
  panelUrls!: string[];
}

export class MeshHostDto {
  @ApiProperty({ example: 'clan3f9a0b12' }) interfaceName!: string;
  @ApiProperty({ example: 51823 }) listenPort!: number;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'panel.example.org:51823',
    description: 'What devices dial; null = the host is not a relay.',
  })
  endpoint!: string | null;
  @ApiProperty({ description: 'The mesh revision the host interface runs.' }) appliedRevision!: number;
  @ApiProperty({ type: String, nullable: true, description: 'Why the host interface is not running, when it is not.' }) error!:
    string | null;
}

export class MeshRemovalDto {
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['device', 'machine', 'host'] }) kind!: 'device' | 'machine' | 'host';
  @ApiProperty({ format: 'date-time' }) revokedAt!: string;
  @ApiProperty({ description: 'The mesh revision that removed it.' }) revision!: number;
  @ApiProperty() peersTotal!: number;
  @ApiProperty({ description: 'Peers whose config no longer has the removed key.' }) peersUpdated!: number;
  @ApiProperty({ type: [String], description: 'Peers still on an older config: until they sync they would still accept the removed key.' })
  stillTrustedBy!: string[];
}

export class MeshDto {
  @ApiProperty({ type: MeshLayerDto, description: "The network's mesh layer." }) layer!: MeshLayerDto;
  @ApiProperty({ example: '10.100.0.0/24' }) ipv4Cidr!: string;
  @ApiProperty({ example: 'fd3c:8a21:9f04::/64' }) ipv6Prefix!: string;
  @ApiProperty({ description: 'Bumped by every change of the member list.' }) revision!: number;
  @ApiProperty({
    type: MeshHostDto,
    nullable: true,
    description: "The host's own interface in this network (null when the host runs none).",
  })
  host!: MeshHostDto | null;
  @ApiProperty({ type: [MeshPeerDto], description: 'Active peers by address, then revoked ones.' }) peers!: MeshPeerDto[];
  @ApiProperty({ type: [MeshRemovalDto], description: 'Recent removals and which peers have picked them up.' }) removals!: MeshRemovalDto[];
}

export class MeshRulesDto {
  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    example: [
      { id: 'members-reach-apps', from: {}, to: {}, ports: ['apps'] },
      { id: 'admins-reach-ssh', from: { roles: ['owner', 'admin'] }, to: {}, ports: ['ssh'] },
    ],
    description:
      'Who may reach which machine and port: { id, from: { roles?, groups?, peers?, kinds? }, to: { machines?, groups? }, ports: ("apps" | "ssh" | { port, protocol })[] }. ' +
      "Anything not allowed is dropped on the machines' mesh interface.",
  })
  @IsArray()
  @ArrayMaxSize(200, { message: 'rules may list at most 200 rules' })
  rules!: Record<string, unknown>[];
}

export class MeshRulesViewDto extends MeshRulesDto {
  @ApiProperty({ description: 'True when the network uses the default rules (members reach apps, admins SSH).' }) isDefault!: boolean;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Per machine: the allowances the rules give (port, protocol, sources).',
  })
  allowances!: Record<string, unknown>;
}
