import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../common/authz/access.decorator';
import { HealthDto } from './health.dto';
import { HealthService } from './health.service';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  @Public()
  @ApiOperation({ operationId: 'getHealth', summary: 'Health of the panel and the components it drives' })
  @ApiOkResponse({
    type: HealthDto,
    description: '`ok`, or `degraded` when a component running machines needs is missing (each says what to do).',
  })
  @ApiServiceUnavailableResponse({ type: HealthDto, description: 'The database or Redis is down.' })
  async get(@Res({ passthrough: true }) res: Response): Promise<HealthDto> {
    const result = await this.health.check();
    // Missing libvirt or Nix degrades (200, with what to do); the panel itself cannot work without its database and Redis.
    const { database, redis } = result.components;
    if (database.status !== 'ok' || redis.status !== 'ok') res.status(503);
    return result;
  }
}
