import { ErrorCode } from '@clan/contracts';
import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../common/authz/access.decorator';
import { DomainError } from '../common/errors/domain-error';
import { IdParamPipe } from '../common/http/id-param.pipe';
import { GitHttpService } from '../configs/git-http.service';
import { HOST_CREDENTIAL_HEADER } from './fleet-repos';
import { HostsService } from './hosts.service';

/**
 * The networks' configuration repositories for the fleet's worker hosts
 * (fleet-repos.ts): read-only git over HTTP, authorised by the host's
 * credential (header X-Clan-Host-Credential) instead of a person's token.
 * Not part of the public API: only `clan-panel worker` calls it.
 */
@ApiExcludeController()
@Controller('hosts/self/networks/:networkId/config.git')
export class HostGitController {
  constructor(
    private readonly git: GitHttpService,
    private readonly hosts: HostsService,
  ) {}

  private async host(req: Request): Promise<string> {
    const m = /^(clanhs_[A-Za-z0-9_-]{20,100})$/.exec(req.header(HOST_CREDENTIAL_HEADER) ?? '');
    const host = m ? await this.hosts.bySecret(m[1]) : null;
    if (!host)
      throw new DomainError(ErrorCode.Unauthenticated, 'Only the fleet’s hosts read repositories here, with their host credential.');
    return `host:${host.name}`;
  }

  @Get('info/refs')
  @Public()
  async refs(@Param('networkId', new IdParamPipe('networkId', 'network')) networkId: string, @Req() req: Request, @Res() res: Response) {
    await this.git.serve(networkId, 'info/refs', req, res, await this.host(req));
  }

  @Post('git-upload-pack')
  @Public()
  async uploadPack(
    @Param('networkId', new IdParamPipe('networkId', 'network')) networkId: string,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.git.serve(networkId, 'git-upload-pack', req, res, await this.host(req));
  }
}
