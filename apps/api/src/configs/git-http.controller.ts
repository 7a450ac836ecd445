import { Privilege } from '@clan/contracts';
import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { NetworkAccess } from '../common/authz/access.decorator';
import { CurrentPrincipal } from '../common/authz/current-principal.decorator';
import type { Principal } from '../common/authz/principal';
import { IdParamPipe } from '../common/http/id-param.pipe';
import { GitHttpService } from './git-http.service';

/**
 * `git clone http://<panel>/api/networks/<id>/config.git` — members read their
 * network's configuration repository with an API token as the password.
 * Pushes are refused: every change goes through the API.
 */
@ApiTags('configuration')
@Controller('networks/:networkId/config.git')
export class GitHttpController {
  constructor(private readonly git: GitHttpService) {}

  @Get('info/refs')
  @NetworkAccess(Privilege.NetworkAudit)
  @ApiOperation({ operationId: 'gitInfoRefs', summary: 'git smart HTTP: ref advertisement (clone/fetch only)' })
  @ApiQuery({
    name: 'service',
    required: false,
    enum: ['git-upload-pack'],
    description: 'Set by git clients; absent for the dumb protocol.',
  })
  @ApiProduces('application/x-git-upload-pack-advertisement')
  async refs(
    @Param('networkId', new IdParamPipe('networkId', 'network')) networkId: string,
    @Req() req: Request,
    @Res() res: Response,
    @CurrentPrincipal() p: Principal,
  ): Promise<void> {
    await this.git.serve(networkId, 'info/refs', req, res, p.username);
  }

  @Get('HEAD')
  @NetworkAccess(Privilege.NetworkAudit)
  @ApiOperation({ operationId: 'gitHead', summary: 'git dumb HTTP: the HEAD ref' })
  @ApiProduces('text/plain')
  async head(
    @Param('networkId', new IdParamPipe('networkId', 'network')) networkId: string,
    @Req() req: Request,
    @Res() res: Response,
    @CurrentPrincipal() p: Principal,
  ): Promise<void> {
    await this.git.serve(networkId, 'HEAD', req, res, p.username);
  }

  @Post('git-upload-pack')
  @NetworkAccess(Privilege.NetworkAudit)
  @ApiOperation({ operationId: 'gitUploadPack', summary: 'git smart HTTP: send the objects a clone/fetch asked for' })
  @ApiProduces('application/x-git-upload-pack-result')
  async uploadPack(
    @Param('networkId', new IdParamPipe('networkId', 'network')) networkId: string,
    @Req() req: Request,
    @Res() res: Response,
    @CurrentPrincipal() p: Principal,
  ): Promise<void> {
    await this.git.serve(networkId, 'git-upload-pack', req, res, p.username);
  }
}
