import { spawn } from 'node:child_process';
import { dirname } from 'node:path';
import { ErrorCode } from '@clan/contracts';
import { Injectable, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, notFound } from '../common/errors/domain-error';
import { NetworkRepoService } from './network-repo.service';

/**
 * Read-only git smart HTTP for a network's configuration repository, served by
 * `git http-backend` (CGI). Only upload-pack (clone/fetch) is offered; pushes
 * are refused — every change goes through the API so it is validated and audited.
 */
@Injectable()
export class GitHttpService {
  private readonly logger = new Logger(GitHttpService.name);

  constructor(private readonly repos: NetworkRepoService) {}

  async serve(networkId: string, gitPath: string, req: Request, res: Response, username: string): Promise<void> {
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
    const repo = (await this.repos.ensure(networkId)).dir;

    const query = new URLSearchParams(req.query as Record<string, string>).toString();
    const vars: Record<string, string> = {
      GIT_PROJECT_ROOT: dirname(repo),
      GIT_HTTP_EXPORT_ALL: '1',
      PATH_INFO: `/config/${gitPath}`,
      REQUEST_METHOD: req.method,
      QUERY_STRING: query,
      CONTENT_TYPE: req.header('content-type') ?? '',
      REMOTE_USER: username,
      REMOTE_ADDR: req.ip ?? '',
      GIT_CONFIG_NOSYSTEM: '1',
      HOME: repo,
    };
    const encoding = req.header('content-encoding');
    if (encoding) vars['HTTP_CONTENT_ENCODING'] = encoding;
    const protocol = req.header('git-protocol');
    if (protocol && /^[a-z0-9=:.-]+$/i.test(protocol)) vars['GIT_PROTOCOL'] = protocol;

    await new Promise<void>((resolve) => {
      const child = spawn('env', [...Object.entries(vars).map(([k, v]) => `${k}=${v}`), 'git', 'http-backend'], {
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let headerBuf = Buffer.alloc(0);
      let headersDone = false;
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      child.stdout.on('data', (chunk: Buffer) => {
        if (headersDone) {
          res.write(chunk);
          return;
        }
        headerBuf = Buffer.concat([headerBuf, chunk]);
        const end = headerBuf.indexOf('\r\n\r\n');
        if (end < 0) return;
        headersDone = true;
        for (const line of headerBuf.subarray(0, end).toString('latin1').split('\r\n')) {
          const i = line.indexOf(':');
          const name = line.slice(0, i).trim();
          const value = line.slice(i + 1).trim();
          if (name.toLowerCase() === 'status') res.status(Number(value.split(' ')[0]));
          else if (name) res.setHeader(name, value);
        }
        res.write(headerBuf.subarray(end + 4));
      });
      child.on('close', (code) => {
        if (!headersDone && !res.headersSent) {
          this.logger.warn(`git http-backend exited ${code}: ${stderr.trim()}`);
          res.status(500).json({ code: ErrorCode.Internal, message: 'git http-backend failed', correlationId: 'none' });
        } else res.end();
        resolve();
      });
      if (req.method === 'POST') req.pipe(child.stdin);
      else child.stdin.end();
    });
  }
}
