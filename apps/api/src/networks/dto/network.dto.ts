import { HOST_ADMIN_ROLE, NETWORK_ROLES, NetworkRole } from '@clan/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';

/** A DNS label: it becomes `<device>.<network>.clan` and a repository path. */
export const NETWORK_NAME_PATTERN = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
export const NETWORK_DESCRIPTION_MAX = 500;

export class CreateNetworkDto {
  @ApiProperty({
    minLength: 1,
    maxLength: 63,
    pattern: NETWORK_NAME_PATTERN.source,
    example: 'family',
    description: 'DNS label: a-z, 0-9 and "-", not starting or ending with "-". Cannot be changed later.',
  })
  @IsString()
  @Length(1, 63)
  @Matches(NETWORK_NAME_PATTERN, { message: 'name must be lower-case letters, digits and "-", and must not start or end with "-"' })
  name!: string;

  @ApiPropertyOptional({ maxLength: NETWORK_DESCRIPTION_MAX, example: 'Our home network' })
  @IsOptional()
  @IsString()
  @MaxLength(NETWORK_DESCRIPTION_MAX)
  description?: string;
}

export class UpdateNetworkDto {
  @ApiPropertyOptional({ maxLength: NETWORK_DESCRIPTION_MAX, example: 'Our home network' })
  @IsOptional()
  @IsString()
  @MaxLength(NETWORK_DESCRIPTION_MAX)
  description?: string;
}

export type MyRole = NetworkRole | typeof HOST_ADMIN_ROLE;

export class NetworkDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'family' }) name!: string;
  @ApiProperty({ example: 'Our home network' }) description!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ example: 3 }) memberCount!: number;

  @ApiProperty({
    enum: [...NETWORK_ROLES, HOST_ADMIN_ROLE],
    enumName: 'MyNetworkRole',
    description: `The caller's role in this network; \`${HOST_ADMIN_ROLE}\` when the host admin sees it without being a member.`,
  })
  myRole!: MyRole;
}

export class NetworkListDto {
  @ApiProperty({ type: [NetworkDto] }) items!: NetworkDto[];
  @ApiProperty({ example: 1 }) total!: number;
}
