import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal } from '../common/authz/current-principal.decorator';
import { Authenticated } from '../common/authz/access.decorator';
import type { Principal } from '../common/authz/principal';
import type { PreparedJson } from '../common/http/prepared-json';
import { ApiTokenListDto, CreatedTokenDto, CreateTokenDto, RevokedTokensDto, TokenIdParams } from './tokens.dto';
import { TokensService } from './tokens.service';

@ApiTags('tokens')
@Controller('tokens')
export class TokensController {
  constructor(private readonly tokens: TokensService) {}

  @Get()
  @Authenticated()
  @ApiOperation({ operationId: 'listTokens', summary: "The caller's API tokens (never the secrets)" })
  @ApiOkResponse({ type: ApiTokenListDto })
  list(@CurrentPrincipal() caller: Principal): Promise<PreparedJson<ApiTokenListDto>> {
    return this.tokens.list(caller.userId);
  }

  @Post()
  @Authenticated()
  @ApiOperation({ operationId: 'createToken', summary: 'Create an API token; the secret is in this response only' })
  @ApiCreatedResponse({ type: CreatedTokenDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: bad name, or expiresAt not a future date.' })
  create(@Body() dto: CreateTokenDto, @CurrentPrincipal() caller: Principal): Promise<CreatedTokenDto> {
    return this.tokens.create(caller.userId, dto.name, dto.expiresAt);
  }

  @Post('revoke-all')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({
    operationId: 'revokeAllTokens',
    summary: 'Revoke every API token of the caller (tokens survive a password change; this ends them)',
  })
  @ApiOkResponse({ type: RevokedTokensDto })
  revokeAll(@CurrentPrincipal() caller: Principal): Promise<RevokedTokensDto> {
    return this.tokens.revokeAll(caller.userId);
  }

  @Delete(':tokenId')
  @HttpCode(204)
  @Authenticated()
  @ApiOperation({ operationId: 'revokeToken', summary: "Revoke one of the caller's API tokens" })
  @ApiNoContentResponse({ description: 'Revoked (also when it already was).' })
  @ApiNotFoundResponse({ description: 'No such token of yours.' })
  async revoke(@Param() p: TokenIdParams, @CurrentPrincipal() caller: Principal): Promise<void> {
    await this.tokens.revoke(caller.userId, p.tokenId);
  }
}
