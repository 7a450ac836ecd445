import { HOST_ADMIN_ROLE, NETWORK_ROLES, NETWORK_SYSTEM_LABELS, NETWORK_SYSTEMS, NetworkRole, NetworkSystem } from '@clan/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { NAME_MAX_LENGTH, NAME_PATTERN, RESERVED_NAMES } from '@clan/nix-schema';
import { MESH_LAYER_KINDS, type MeshLayerKind } from '@clan/vpn';
import { IsEnum, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsResourceName } from './is-resource-name';

export const NETWORK_DESCRIPTION_MAX = 500;

const SYSTEM_MESSAGE = `system must be one of: ${NETWORK_SYSTEMS.join(', ')}`;
const systemProperty = {
  enum: [...NETWORK_SYSTEMS],
  enumName: 'NetworkSystem',
  example: NetworkSystem.Nixos,
  description:
    `What the network's machines run: \`nixos\` (${NETWORK_SYSTEM_LABELS.nixos}, built by the cLAN flake; needs nixpkgs) or ` +
    `\`demo\` (${NETWORK_SYSTEM_LABELS.demo}: the tiny test system, for hosts without nixpkgs).`,
};

export class CreateNetworkDto {
  @ApiProperty({
    minLength: 1,
    maxLength: NAME_MAX_LENGTH,
    pattern: NAME_PATTERN.source,
    example: 'family',
    description: `DNS label: a-z, 0-9 and "-", not starting or ending with "-"; not one of ${RESERVED_NAMES.join(', ')}. Cannot be changed later.`,
  })
  @IsResourceName()
  name!: string;

  @ApiPropertyOptional({ maxLength: NETWORK_DESCRIPTION_MAX, example: 'Our home network' })
  @IsOptional()
  @IsString()
  @MaxLength(NETWORK_DESCRIPTION_MAX)
  description?: string;

  @ApiPropertyOptional({ ...systemProperty, description: `${systemProperty.description} Default: \`nixos\`.` })
  @IsOptional()
  @IsEnum(NetworkSystem, { message: SYSTEM_MESSAGE })
  system?: NetworkSystem;

  @ApiPropertyOptional({
    enum: [...MESH_LAYER_KINDS],
    enumName: 'MeshLayerKind',
    example: 'wireguard',
    description:
      "The network's mesh VPN (docs/vpn.md): `wireguard` (default) or `yggdrasil`. The mesh is set up with the network; " +
      'the layer cannot be changed later.',
  })
  @IsOptional()
  @IsIn([...MESH_LAYER_KINDS], {
    message: `meshLayer must be one of: ${MESH_LAYER_KINDS.join(', ')} (the mesh VPN the network's machines and devices join).`,
  })
  meshLayer?: MeshLayerKind;
}

export class UpdateNetworkDto {
  @ApiPropertyOptional({ maxLength: NETWORK_DESCRIPTION_MAX, example: 'Our home network' })
  @IsOptional()
  @IsString()
  @MaxLength(NETWORK_DESCRIPTION_MAX)
  description?: string;

  @ApiPropertyOptional({ ...systemProperty, description: `${systemProperty.description} Machines build with it from their next build on.` })
  @IsOptional()
  @IsEnum(NetworkSystem, { message: SYSTEM_MESSAGE })
  system?: NetworkSystem;
}

export type MyRole = NetworkRole | typeof HOST_ADMIN_ROLE;

export class NetworkDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'family' }) name!: string;
  @ApiProperty({ example: 'Our home network' }) description!: string;
  @ApiProperty(systemProperty) system!: NetworkSystem;
  @ApiProperty({ example: 'NixOS', description: 'How the panel names the system: "NixOS" or "Demo system (not NixOS)".' })
  systemLabel!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ type: 'integer', example: 3 }) memberCount!: number;

  @ApiProperty({
    enum: [...NETWORK_ROLES, HOST_ADMIN_ROLE],
    enumName: 'MyNetworkRole',
    description: `The caller's role in this network; \`${HOST_ADMIN_ROLE}\` when the host admin sees it without being a member.`,
  })
  myRole!: MyRole;

  @ApiProperty({
    description: "The last update check found a newer upstream revision than the network's flake.lock pins (docs/updates.md).",
  })
  updateAvailable!: boolean;

  @ApiProperty({ description: 'An update rollout of this network is halted and waits for an admin (resume, skip or abort).' })
  rolloutHalted!: boolean;
}

export class NetworkListDto {
  @ApiProperty({ type: [NetworkDto] }) items!: NetworkDto[];
  @ApiProperty({ type: 'integer', example: 1 }) total!: number;
}
