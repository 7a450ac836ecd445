import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { authorize, type RepoCredentials } from './rest-repo-auth';
import { parseRange, parseRepoPath, type RepoRequestPath, repoRelativeDir } from './rest-repo-request';
import { decide, EXISTS_MESSAGE, REST_V1, REST_V2 } from './rest-repo-rules';
import { RepoStore } from './rest-repo-store';

/** restic's packs are at most 128 MiB (--pack-size); twice that leaves room and still bounds a request. */
export const DEFAULT_MAX_BODY_BYTES = 256 * 1024 * 1024;
/** A pack over a slow mesh link can take minutes; a stalled one is cut after this long. */
const REQUEST_TIMEOUT_MS = 30 * 60_000;
const REALM = 'Basic realm="cLAN machine backups", charset="UTF-8"';

export interface RestRepoServerOptions {
  /** Machine repositories live in `<root>/<networkId>/<machine>/`. */
  root: string;
  credentials: RepoCredentials;
  maxBodyBytes?: number;
  /** Problems that are the server's, not the client's (500s, listener errors). */
  onError?: (error: Error, where: string) => void;
}

/**
 * restic's REST backend protocol (v1 and v2 listings), append-only, one private
 * repository per machine (docs/decisions/0016-append-only-machine-repositories.md).
 * Runs in the backup-repo worker on the host's mesh addresses, or in-process
 * (tests). Plain node:http: bodies stream to disk, nothing is buffered.
 */
export class RestRepoServer {
  private credentials: RepoCredentials;
  private readonly maxBodyBytes: number;
  private readonly servers = new Map<string, Server>();

  constructor(private readonly opts: RestRepoServerOptions) {
    this.credentials = opts.credentials;
    this.maxBodyBytes = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  }

  /** Replaces who may reach which repository (machines added or removed). */
  setCredentials(credentials: RepoCredentials): void {
    this.credentials = credentials;
  }

  /** Listens on one address; resolves with the port (0 picks a free one). */
  listen(address: string, port: number): Promise<number> {
    const server = createServer({ requestTimeout: REQUEST_TIMEOUT_MS }, (req, res) => {
      this.handle(req, res).catch((error: Error) => this.fail(res, error, `${req.method} ${req.url}`));
    });
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: address, port }, () => {
        server.off('error', reject);
        server.on('error', (error) => this.opts.onError?.(error, `${address}:${port}`));
        const bound = server.address();
        const actual = typeof bound === 'object' && bound ? bound.port : port;
        this.servers.set(key(address, port), server);
        if (port === 0) this.servers.set(key(address, actual), server);
        resolve(actual);
      });
    });
  }

  async unlisten(address: string, port: number): Promise<void> {
    const server = this.servers.get(key(address, port));
    if (!server) return;
    for (const [k, s] of this.servers) if (s === server) this.servers.delete(k);
    await closeServer(server);
  }

  async close(): Promise<void> {
    const all = new Set(this.servers.values());
    this.servers.clear();
    await Promise.all([...all].map(closeServer));
  }

  /** One request, start to end. */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = req.url ?? '/';
    const q = raw.indexOf('?');
    const pathname = q < 0 ? raw : raw.slice(0, q);
    const query = new URLSearchParams(q < 0 ? '' : raw.slice(q + 1));
    const method = req.method ?? 'GET';
    const path = parseRepoPath(pathname);
    if (!path) return this.answer(req, res, 404, 'No machine repository has this address: /<network id>/<machine>/… is expected.');
    const auth = authorize(path, req.headers.authorization, this.credentials);
    if (!auth.ok) {
      if (auth.status === 401) res.setHeader('WWW-Authenticate', REALM);
      return this.answer(req, res, auth.status, auth.message);
    }
    const decision = decide(method, path.target, query, req.headers.accept);
    if (!decision.allowed) {
      if (decision.allow) res.setHeader('Allow', decision.allow);
      return this.answer(req, res, decision.status, decision.message);
    }
    const store = new RepoStore(join(this.opts.root, repoRelativeDir(path.networkId, path.machine)));
    const target = path.target;
    const action = decision.action;
    if (action.op === 'list' && target.kind === 'list') {
      const files = await store.list(target.type);
      const body = JSON.stringify(action.v2 ? files : files.map((f) => f.name));
      res.writeHead(200, { 'Content-Type': action.v2 ? REST_V2 : REST_V1, 'Content-Length': Buffer.byteLength(body) });
      res.end(body);
      return;
    }
    if (target.kind !== 'config' && target.kind !== 'object') return this.answer(req, res, 404, 'Not found.');
    const file = store.pathOf(target);
    switch (action.op) {
      case 'stat':
      case 'read':
        return this.read(req, res, store, file, action.op === 'stat');
      case 'delete':
        if (await store.remove(file)) return this.answer(req, res, 200, '');
        return this.answer(req, res, 404, 'This lock does not exist.');
      case 'create':
        return this.create(req, res, store, file, path);
    }
    return this.answer(req, res, 405, 'Not allowed.');
  }

  private async read(req: IncomingMessage, res: ServerResponse, store: RepoStore, file: string, headOnly: boolean): Promise<void> {
    const size = await store.size(file);
    if (size === null) return this.answer(req, res, 404, 'This file does not exist in the repository.');
    const range = headOnly ? null : parseRange(req.headers.range, size);
    if (range === 'unsatisfiable') {
      res.setHeader('Content-Range', `bytes */${size}`);
      return this.answer(req, res, 416, 'The requested range is outside the file.');
    }
    const headers: Record<string, string | number> = { 'Content-Type': 'application/octet-stream', 'Accept-Ranges': 'bytes' };
    if (headOnly) {
      res.writeHead(200, { ...headers, 'Content-Length': size });
      res.end();
      return;
    }
    if (range) {
      res.writeHead(206, {
        ...headers,
        'Content-Length': range.end - range.start + 1,
        'Content-Range': `bytes ${range.start}-${range.end}/${size}`,
      });
    } else {
      res.writeHead(200, { ...headers, 'Content-Length': size });
    }
    if (size === 0) {
      res.end();
      return;
    }
    await pipeline(store.read(file, range ?? undefined), res);
  }

  private async create(req: IncomingMessage, res: ServerResponse, store: RepoStore, file: string, path: RepoRequestPath): Promise<void> {
    // Only into a repository the panel has created (its config written by restic init).
    if ((await store.size(store.pathOf({ kind: 'config' }))) === null) {
      return this.answer(req, res, 403, 'This machine repository has not been created by the panel yet.');
    }
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > this.maxBodyBytes) {
      return this.answer(req, res, 413, `A file in a machine repository is at most ${this.maxBodyBytes} bytes.`);
    }
    const expectedHash = path.target.kind === 'object' ? path.target.name : undefined;
    const result = await store.create(file, req, { expectedHash, maxBytes: this.maxBodyBytes });
    switch (result) {
      case 'created':
        return this.answer(req, res, 200, '');
      case 'exists':
        return this.answer(req, res, 403, EXISTS_MESSAGE);
      case 'hash-mismatch':
        return this.answer(req, res, 400, 'The content does not match its name: restic names each file by the SHA-256 of its content.');
      case 'too-large':
        return this.answer(req, res, 413, `A file in a machine repository is at most ${this.maxBodyBytes} bytes.`);
    }
  }

  /** A short text answer. An unread request body is not drained: the connection closes instead. */
  private answer(req: IncomingMessage, res: ServerResponse, status: number, message: string): void {
    const body = message ? `${message}\n` : '';
    const headers: Record<string, string | number> = {
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Length': Buffer.byteLength(body),
    };
    if (!req.readableEnded) headers['Connection'] = 'close';
    res.writeHead(status, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  private fail(res: ServerResponse, error: Error, where: string): void {
    this.opts.onError?.(error, where);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' });
    res.end('The backup repository server could not complete this request; the panel log has the details.\n');
  }
}

const key = (address: string, port: number) => `${address}|${port}`;

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
