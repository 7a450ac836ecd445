import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsISO8601, IsOptional, IsString, IsUUID, Length } from 'class-validator';

export class CreateTokenDto {
  @ApiProperty({ minLength: 1, maxLength: 100, example: 'backup script' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString({ message: 'name must be a text of 1–100 characters' })
  @Length(1, 100, { message: 'name must be 1–100 characters' })
  name!: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'When the token stops working; must be in the future. Omit for no expiry.' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'expiresAt must be an ISO 8601 date, e.g. 2030-01-31T00:00:00Z' })
  expiresAt?: string;
}

export class TokenIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'tokenId must be a UUID' })
  tokenId!: string;
}

export class ApiTokenDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'backup script' }) name!: string;
  @ApiProperty({ example: 'clan_Ab3dE5g', description: 'The first characters of the token, to recognise it.' }) prefix!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) expiresAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastUsedAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) revokedAt!: string | null;
}

export class CreatedTokenDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: 'clan_Ab3dE5g' }) prefix!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) expiresAt!: string | null;
  @ApiProperty({
    description: 'The secret: send it as "Authorization: Bearer …". Shown only this once.',
    example: 'clan_Ab3dE5gHiJkLmNoPqRsTuVwXyZ0123456789abcd',
  })
  token!: string;
}

export class ApiTokenListDto {
  @ApiProperty({ type: [ApiTokenDto] }) items!: ApiTokenDto[];
  @ApiProperty({ example: 2 }) total!: number;
}

export class RevokedTokensDto {
  @ApiProperty({ example: 3, description: 'How many tokens were live and are now revoked.' }) revoked!: number;
}
