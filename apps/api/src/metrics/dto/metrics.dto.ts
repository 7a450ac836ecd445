import { METRIC_NAMES, METRIC_UNITS, type MetricName, type MetricUnit, METRICS_RANGES, type MetricsRange } from '@clan/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

export const RANGE_MESSAGE = `range must be one of ${METRICS_RANGES.join(', ')} (the window ending now, default hour).`;

export class MetricsQueryDto {
  @ApiPropertyOptional({
    enum: METRICS_RANGES,
    enumName: 'MetricsRange',
    default: 'hour',
    description:
      'The window ending now: hour (raw samples), day (5-minute steps), week (30-minute steps), month (hourly), year (daily steps).',
  })
  @IsOptional()
  @IsIn(METRICS_RANGES, { message: RANGE_MESSAGE })
  range?: MetricsRange;
}

export class MetricPointDto {
  @ApiProperty({ format: 'date-time', description: 'Start of the step.' }) t!: string;
  @ApiProperty({ description: 'Average of the samples in the step.' }) avg!: number;
  @ApiProperty({ description: 'Largest sample in the step (for a network: the sum of its machines’ maxima).' }) max!: number;
}

export class MetricSeriesDto {
  @ApiProperty({ enum: METRIC_NAMES, enumName: 'MetricName' }) metric!: MetricName;
  @ApiProperty({ enum: METRIC_UNITS, enumName: 'MetricUnit' }) unit!: MetricUnit;
  @ApiProperty({ type: [MetricPointDto], description: 'Oldest first; steps without data are left out.' }) points!: MetricPointDto[];
}

export class MetricsDto {
  @ApiProperty({ enum: METRICS_RANGES, enumName: 'MetricsRange' }) range!: MetricsRange;
  @ApiProperty({ description: 'Seconds between points.', example: 10 }) stepSeconds!: number;
  @ApiProperty({ format: 'date-time', description: 'Start of the window (aligned down to the step).' }) from!: string;
  @ApiProperty({ format: 'date-time', description: 'End of the window (now).' }) to!: string;
  @ApiProperty({ type: [MetricSeriesDto] }) series!: MetricSeriesDto[];
}
