import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export class RunDiagnosticsDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 60, default: 5, description: 'How long to sample host load, one sample per second.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(60)
  sampleSeconds?: number;
}
