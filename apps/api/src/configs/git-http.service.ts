import { ErrorCode } from '@clan/contracts';
import { Injectable, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, notFound } from '../common/errors/domain-error';
import type { GitRepo } from '../services/git/git-repo';
import { NetworkRepoService } from './network-repo.service';

/**
 * Read-only git smart HTTP for a network's configuration repository, served by
 * `git http-backend` (CGI). Only upload-pack (clone/fetch) is offered; pushes
 * are refused — every change goes through the API so it is validated and audited.
 * The CGI plumbing lives in the git adapter (GitRepo.httpBackend).
 */
@Injectable()
export class GitHttpService {
  private readonly logger = new Logger(GitHttpService.name);

  constructor(private readonly repos: NetworkRepoService) {}

  async serve(networkId: string, gitPath: string, req: Request, res: Response, username: string): Promise<void> {
    await this.serveRepo(() => this.repos.ensure(networkId), gitPath, req, res, username);
  }

  /** The same for any repository of the panel's (a published template): checks first, then the repository. */
  async serveRepo(open: () => Promise<GitRepo> | GitRepo, gitPath: string, req: Request, res: Response, username: string): Promise<void> {
    if (gitPath.includes('receive-pack') || req.query['service'] === 'git-receive-pack') {
      throw new DomainError(
        ErrorCode.Forbidden,
        'This repository is read-only over HTTP; change the configuration through the panel or its API.',
      );
    }
    if (!['info/refs', 'git-upload-pack', 'HEAD'].includes(gitPath)) throw notFound(`The git resource "${gitPath}"`);
    if (req.method === 'POST' && req.header('content-type') !== 'application/x-git-upload-pack-request') {
      throw new DomainError(ErrorCode.ValidationFailed, 'This endpoint speaks the git protocol: use `git clone`.', [
        { field: 'body', message: 'must be a git upload-pack request' },
      ]);
    }
    const service = req.query['service'];
    if (gitPath === 'info/refs' && service !== undefined && service !== 'git-upload-pack') {
      throw new DomainError(ErrorCode.ValidationFailed, 'Only cloning and fetching are served (service=git-upload-pack).', [
        { field: 'service', message: 'must be git-upload-pack' },
      ]);
    }
    const repo = await open();
    const protocol = req.header('git-protocol');
    const result = await repo.httpBackend(
      {
        gitPath,
        method: req.method,
        query: new URLSearchParams(req.query as Record<string, string>).toString(),
        contentType: req.header('content-type') ?? '',
        remoteUser: username,
        remoteAddr: req.ip ?? '',
        contentEncoding: req.header('content-encoding') || undefined,
        gitProtocol: protocol && /^[a-z0-9=:.-]+$/i.test(protocol) ? protocol : undefined,
        body: req.method === 'POST' ? req : null,
      },
      res,
    );
    if (!result.ok && !res.headersSent) {
      this.logger.warn(`git http-backend exited ${result.code}: ${result.stderr.trim()}`);
      res.status(500).json({ code: ErrorCode.Internal, message: 'git http-backend failed', correlationId: 'none' });
    }
  }
}
