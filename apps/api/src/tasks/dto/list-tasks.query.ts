import { PagingQueryDto } from '../../common/http/paging.dto';
import { TaskStatus } from '@clan/contracts';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEnum, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';

export class ListTasksQuery extends PagingQueryDto {
  @ApiPropertyOptional({ description: 'Job name, e.g. host.diagnostics.' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  type?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  networkId?: string;

  @ApiPropertyOptional({ description: 'Machine name within its network.' })
  @IsOptional()
  @IsString()
  @MaxLength(63)
  machine?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Who started the task.' })
  @IsOptional()
  @IsUUID()
  userId?: string;

  @ApiPropertyOptional({ enum: TaskStatus, enumName: 'TaskStatus' })
  @IsOptional()
  @IsEnum(TaskStatus)
  status?: TaskStatus;

  @ApiPropertyOptional({ format: 'date-time', description: 'Created at or after.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  since?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Created before.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  until?: string;
}

export class TaskLogQuery {
  // Bounded like the integer column it is compared with: a huge value is a 400, not an out-of-range error from Postgres.
  @ApiPropertyOptional({ type: 'integer', default: 0, minimum: 0, maximum: 2_147_483_647, description: 'Only lines with a larger seq.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(2_147_483_647)
  after?: number;

  @ApiPropertyOptional({ default: 500, minimum: 1, maximum: 2000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(2000)
  limit?: number;
}
