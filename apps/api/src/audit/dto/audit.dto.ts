import { PagingQueryDto } from '../../common/http/paging.dto';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

export class AuditEntryDto {
  @ApiProperty({ description: 'Increasing id.' }) id!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) userId!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The caller, or the username a sign-in/setup attempt named.' })
  username!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: "The caller's display name when the entry was written (else the username); kept after the account is deleted.",
  })
  actorName!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The API token used, if any.' }) tokenId!: string | null;
  @ApiProperty({ type: String, nullable: true }) ip!: string | null;
  @ApiProperty({ example: 'network.member.add', description: 'From the operation id; `METHOD /route` for unknown routes.' })
  action!: string;
  @ApiProperty({ example: 'POST' }) method!: string;
  @ApiProperty({ example: '/api/networks/:networkId/members', description: 'The route pattern, not the raw URL.' }) path!: string;
  @ApiProperty({ type: String, nullable: true, example: 'member' }) targetType!: string | null;
  @ApiProperty({ type: String, nullable: true }) targetId!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) networkId!: string | null;
  @ApiProperty() statusCode!: number;
  @ApiProperty({ enum: ['success', 'failure'] }) result!: 'success' | 'failure';
  @ApiProperty({ type: String, nullable: true, example: 'FORBIDDEN' }) errorCode!: string | null;
  @ApiProperty() correlationId!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The request body without passwords, secrets, tokens, codes or keys.',
  })
  details!: Record<string, unknown>;
}

export class AuditListDto {
  @ApiProperty({ type: [AuditEntryDto] }) items!: AuditEntryDto[];
  @ApiProperty() total!: number;
}

export class NetworkAuditQuery extends PagingQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  userId?: string;

  @ApiPropertyOptional({ description: 'An action, or its prefix: `network` matches `network.member.add`.' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  action?: string;

  @ApiPropertyOptional({ enum: ['success', 'failure'] })
  @IsOptional()
  @IsIn(['success', 'failure'])
  result?: 'success' | 'failure';

  @ApiPropertyOptional({ format: 'date-time', description: 'At or after.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  since?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Before.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  until?: string;
}

export class AuditQuery extends NetworkAuditQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  networkId?: string;
}
