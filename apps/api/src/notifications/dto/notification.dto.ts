import { NOTIFICATION_SEVERITIES, type NotificationSeverity, type NotificationSummary } from '@clan/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsUUID } from 'class-validator';
import { PagingQueryDto } from '../../common/http/paging.dto';

/** Query strings carry "true"/"false"; anything else stays a string and fails @IsBoolean naming the field. */
const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class ListNotificationsQueryDto extends PagingQueryDto {
  @ApiPropertyOptional({ type: Boolean, description: 'true: only the ones you have not read.' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  unread?: boolean;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only this network’s notifications.' })
  @IsOptional()
  @IsUUID()
  networkId?: string;

  @ApiPropertyOptional({ enum: [...NOTIFICATION_SEVERITIES], description: 'Only this severity and above.' })
  @IsOptional()
  @IsIn([...NOTIFICATION_SEVERITIES], { message: `minSeverity must be one of: ${NOTIFICATION_SEVERITIES.join(', ')}` })
  minSeverity?: NotificationSeverity;
}

export class NotificationDto implements NotificationSummary {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'backup.freshness', description: 'What kind of thing changed; targets filter on it.' }) kind!: string;
  @ApiProperty({ enum: [...NOTIFICATION_SEVERITIES] }) severity!: NotificationSeverity;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'null: host-wide (host admins only).' })
  networkId!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'family' }) networkName!: string | null;
  @ApiProperty({ example: 'backup:3f0c…', description: 'The stable key of what changed state.' }) subject!: string;
  @ApiProperty({ example: 'stale' }) state!: string;
  @ApiProperty({ type: String, nullable: true, example: 'ok', description: 'null: the first state seen.' }) previousState!: string | null;
  @ApiProperty({ example: 'laptop-anna has not been backed up for 3 days' }) title!: string;
  @ApiProperty() message!: string;
  @ApiProperty({ type: String, nullable: true, example: '/networks/…/backups', description: 'A panel path or an absolute URL.' })
  link!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ description: 'Read by you (read state is per person).' }) read!: boolean;
}

export class NotificationListDto {
  @ApiProperty({ type: [NotificationDto] }) items!: NotificationDto[];
  @ApiProperty({ description: 'How many match the filter.' }) total!: number;
  @ApiProperty({ description: 'How many visible to you are unread (ignores the filter).' }) unread!: number;
}

export class UnreadCountDto {
  @ApiProperty() unread!: number;
}

export class MarkedReadDto {
  @ApiProperty({ description: 'How many changed from unread to read.' }) marked!: number;
  @ApiProperty({ description: 'How many visible to you are still unread.' }) unread!: number;
}
