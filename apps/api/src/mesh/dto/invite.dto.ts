import { PEER_NAME_PATTERN } from '@clan/vpn';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { MeshLayerDto, MeshPeerDto, PUBLIC_KEY_MAX_LENGTH } from './mesh.dto';

const NAME_MESSAGE = 'must be a DNS label: lowercase letters, digits and inner hyphens, e.g. "anna-phone"';

export const INVITE_MAX_HOURS = 24 * 30;

export class CreateInviteDto {
  @ApiPropertyOptional({ pattern: PEER_NAME_PATTERN.source, maxLength: 63, example: 'anna-phone', description: 'Suggested device name.' })
  @IsOptional()
  @IsString()
  @Length(1, 63)
  @Matches(PEER_NAME_PATTERN, { message: `deviceName ${NAME_MESSAGE}` })
  deviceName?: string;

  @ApiPropertyOptional({ maxLength: 120, example: "Anna's phone", description: 'A note for the invite list.' })
  @IsOptional()
  @IsString()
  @MaxLength(120)
  note?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: INVITE_MAX_HOURS, default: 24, description: 'Hours until the link stops working.' })
  @IsOptional()
  @IsInt({ message: 'expiresInHours must be a whole number of hours' })
  @Min(1, { message: 'expiresInHours must be at least 1' })
  @Max(INVITE_MAX_HOURS, { message: `expiresInHours must be at most ${INVITE_MAX_HOURS} (30 days)` })
  expiresInHours?: number;

  @ApiPropertyOptional({ description: 'A phone: a small config that talks to relays only (fits a QR code).' })
  @IsOptional()
  @IsBoolean()
  relayOnly?: boolean;

  @ApiPropertyOptional({ format: 'uuid', description: 'Whose device it will be (a member of the network); default: whoever accepts.' })
  @IsOptional()
  @IsUUID('all', { message: 'ownerUserId must be a user id' })
  ownerUserId?: string;
}

export class InviteDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, nullable: true }) deviceName!: string | null;
  @ApiProperty() note!: string;
  @ApiProperty() relayOnly!: boolean;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) ownerUserId!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) createdBy!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
  @ApiProperty({ enum: ['pending', 'used', 'expired', 'cancelled'] }) status!: 'pending' | 'used' | 'expired' | 'cancelled';
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) usedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The device the invite created.' }) usedByDevice!: string | null;
}

export class CreatedInviteDto {
  @ApiProperty({ type: InviteDto }) invite!: InviteDto;
  @ApiProperty({ description: 'The secret part of the link; shown once, only its hash is kept.' }) token!: string;
  @ApiProperty({ example: 'https://panel.example.org/join/3q2…', description: 'The link to send: opens the join page.' }) url!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'nix://https-panel.example.org/api/networks/…/config.git',
    description: "The network's nix:// link (its configuration repository).",
  })
  nixLink!: string | null;
  @ApiProperty({ description: 'SVG QR code of the link (for a phone to open).' }) qrSvg!: string;
}

export class InvitePreviewDto {
  @ApiProperty({ example: 'family' }) network!: string;
  @ApiProperty({ type: String, nullable: true }) deviceName!: string | null;
  @ApiProperty() note!: string;
  @ApiProperty() relayOnly!: boolean;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
  @ApiProperty({ type: MeshLayerDto, description: 'The mesh layer: which key pair the device makes for itself, which config it gets.' })
  layer!: MeshLayerDto;
}

export class AcceptInviteDto {
  @ApiProperty({ pattern: PEER_NAME_PATTERN.source, maxLength: 63, example: 'anna-phone' })
  @IsString()
  @Length(1, 63)
  @Matches(PEER_NAME_PATTERN, { message: `name ${NAME_MESSAGE}` })
  name!: string;

  @ApiPropertyOptional({
    maxLength: PUBLIC_KEY_MAX_LENGTH,
    description:
      "The public key the device generated, in the layer's form (the preview's `layer`; WireGuard: `wg genkey | wg pubkey`, or the join page in the browser): " +
      'the private key never leaves it.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(PUBLIC_KEY_MAX_LENGTH, { message: `publicKey must be at most ${PUBLIC_KEY_MAX_LENGTH} characters` })
  publicKey?: string;
}

export class AcceptedInviteDto {
  @ApiProperty({ type: MeshPeerDto }) device!: MeshPeerDto;
  @ApiProperty({
    description:
      "The config in the layer's default form (WireGuard: wg-quick); with {{PRIVATE_KEY}} as placeholder when the device brought its own key.",
  })
  config!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'SVG QR code of the config (WireGuard phone apps scan it); null without a panel-held key.',
  })
  qrSvg!: string | null;
  @ApiProperty({ example: 'family.clan' }) domain!: string;
}
