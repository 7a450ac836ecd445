import { ApiProperty } from '@nestjs/swagger';

export class ComponentHealthDto {
  @ApiProperty({ enum: ['ok', 'down', 'unavailable'], description: '`unavailable`: optional component not installed or not reachable.' })
  status!: 'ok' | 'down' | 'unavailable';

  @ApiProperty({ example: 'PostgreSQL 15.19, 2 ms' })
  detail!: string;
}

export class HealthComponentsDto {
  @ApiProperty({ type: ComponentHealthDto }) database!: ComponentHealthDto;
  @ApiProperty({ type: ComponentHealthDto }) redis!: ComponentHealthDto;
  @ApiProperty({ type: ComponentHealthDto }) libvirt!: ComponentHealthDto;
  @ApiProperty({ type: ComponentHealthDto }) nix!: ComponentHealthDto;
}

export class HealthDto {
  @ApiProperty({ enum: ['ok', 'degraded'], description: '`degraded` when the database or Redis is down (the response is then 503).' })
  status!: 'ok' | 'degraded';

  @ApiProperty({ example: '0.1.0' })
  version!: string;

  @ApiProperty({ type: HealthComponentsDto })
  components!: HealthComponentsDto;
}
