import { PEER_NAME_PATTERN } from '@clan/vpn';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';

export const CONFIG_FORMATS = ['wg-quick', 'syncconf'] as const;
export type ConfigFormat = (typeof CONFIG_FORMATS)[number];

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
    minLength: 44,
    maxLength: 44,
    example: 'YPsjQ0RuDtXYGe2Gva3ud4u5uZEWqW1tSFyF3rwkF2A=',
    description:
      'The WireGuard public key (base64) when the device made its own key pair; the panel then never sees the private key. ' +
      'Without it the panel generates the pair and keeps the private key encrypted.',
  })
  @IsOptional()
  @IsString()
  @Length(44, 44, { message: 'publicKey must be a WireGuard key: 44 characters of base64 (`wg pubkey` prints one)' })
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
  @ApiPropertyOptional({ enum: [...CONFIG_FORMATS], default: 'wg-quick', description: 'wg-quick file, or the `wg syncconf` form.' })
  @IsOptional()
  @IsIn([...CONFIG_FORMATS], { message: `format must be one of: ${CONFIG_FORMATS.join(', ')}` })
  format?: ConfigFormat;
}

export class MeshPeerDto {
  @ApiProperty({ example: 'laptop' }) name!: string;
  @ApiProperty({ enum: ['device', 'machine'] }) kind!: 'device' | 'machine';
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
}

export class MeshDto {
  @ApiProperty({ example: '10.100.0.0/24' }) ipv4Cidr!: string;
  @ApiProperty({ example: 'fd3c:8a21:9f04::/64' }) ipv6Prefix!: string;
  @ApiProperty({ type: [MeshPeerDto], description: 'Active peers by address, then revoked ones.' }) peers!: MeshPeerDto[];
}
