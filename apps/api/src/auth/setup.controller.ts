import { Body, Controller, Get, Post, Req } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '../common/authz/access.decorator';
import { toUserDto } from '../users/users.service';
import { SetupDto, SetupStatusDto, SignedInDto } from './auth.dto';
import { establishSession } from './passport-session';
import { SetupService } from './setup.service';

@ApiTags('setup')
@Controller('setup')
export class SetupController {
  constructor(private readonly setup: SetupService) {}

  @Get()
  @Public()
  @ApiOperation({ operationId: 'getSetupStatus', summary: 'Whether first-run setup is still needed' })
  @ApiOkResponse({ type: SetupStatusDto })
  async status(): Promise<SetupStatusDto> {
    return { setupRequired: await this.setup.required() };
  }

  @Post()
  @Public()
  @ApiOperation({ operationId: 'completeSetup', summary: 'Create the host admin and sign in (only while no user exists)' })
  @ApiCreatedResponse({ type: SignedInDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: `fields` names the bad input.' })
  @ApiConflictResponse({ description: 'SETUP_ALREADY_DONE: a user exists already.' })
  async complete(@Body() dto: SetupDto, @Req() req: Request): Promise<SignedInDto> {
    const user = await this.setup.createHostAdmin(dto);
    const csrfToken = await establishSession(req, user);
    return { user: toUserDto(user), csrfToken };
  }
}
