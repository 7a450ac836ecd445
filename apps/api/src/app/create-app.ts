import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { WsAdapter } from '@nestjs/platform-ws';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import session from 'express-session';
import passport from 'passport';
import { DataSource } from 'typeorm';
import { TypeOrmSessionStore } from '../auth/session.store';
import { AllExceptionsFilter, toErrorResponseChecked } from '../common/errors/all-exceptions.filter';
import { AuditMiddleware } from '../audit/audit.middleware';
import { bodyGuard, MAX_BODY_BYTES } from '../common/http/body-guard';
import { correlationIdMiddleware, correlationIdOf } from '../common/http/correlation-id';
import { Dependencies } from '../health/dependencies.service';
import { InputValidationPipe } from '../common/http/input-validation.pipe';
import { PanelExpressAdapter } from '../common/http/panel-express-adapter';
import { series } from '../common/http/series';
import type { AppConfig } from '../services/config/config.schema';
import { dataSourceOptions } from '../services/database/data-source-options';
import { type EmbeddedPostgres, startEmbeddedPostgres } from '../services/database/embedded-postgres';
import { SESSION_COOKIE, sessionSecret } from '../services/secrets/session-secret';
import { AppModule } from './app.module';
import { waitForDependencies } from './startup-dependencies';
import { buildOpenApiDocument } from './openapi';

export interface PanelApp {
  app: NestExpressApplication;
  databaseUrl: string;
  /** Closes the app, then the embedded database if one was started. */
  close(): Promise<void>;
}

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** Applies pending migrations in their own connection before the app starts. */
export async function migrate(url: string): Promise<string[]> {
  const ds = new DataSource(dataSourceOptions(url));
  await ds.initialize();
  try {
    const ran = await ds.runMigrations({ transaction: 'each' });
    return ran.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}

function webDirOf(config: AppConfig): string | undefined {
  const candidates = config.webDir ? [config.webDir] : [resolve(process.cwd(), 'dist/apps/web/browser'), join(__dirname, '../web/browser')];
  return candidates.find((d) => existsSync(join(d, 'index.html')));
}

/** Builds the whole panel (database, migrations, middleware, Nest app) without listening. */
export async function createPanelApp(
  config: AppConfig,
  options: { logger?: false; /** How long start-up waits for PostgreSQL and Redis. */ startupWaitMs?: number } = {},
): Promise<PanelApp> {
  mkdirSync(config.stateDir, { recursive: true, mode: 0o700 });
  let embedded: EmbeddedPostgres | undefined;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    embedded = await startEmbeddedPostgres(config.stateDir);
    databaseUrl = embedded.url;
  }
  try {
    await waitForDependencies(config, databaseUrl, options.startupWaitMs);
    // The panel's host migrates the schema; a worker host uses it as it is.
    if (config.role === 'panel') await migrate(databaseUrl);
    const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, databaseUrl), new PanelExpressAdapter(), {
      logger: options.logger === false ? false : LEVELS.slice(0, LEVELS.indexOf(config.logLevel) + 1),
      bodyParser: false,
    });
    configureApp(app, config);
    await app.init();
    return {
      app,
      databaseUrl,
      async close() {
        await app.close();
        await embedded?.stop();
      },
    };
  } catch (err) {
    await embedded?.stop().catch(() => undefined);
    throw err;
  }
}

function configureApp(app: NestExpressApplication, config: AppConfig): void {
  if (config.trustProxy) app.set('trust proxy', 1);
  app.disable('x-powered-by');
  app.setGlobalPrefix('api');
  app.useWebSocketAdapter(new WsAdapter(app));
  // Audited from here, so a request refused by the parser or the guard below still leaves its entry.
  const audit = app.get(AuditMiddleware);
  app.use(series(correlationIdMiddleware, securityHeaders, (req, res, next) => audit.use(req, res, next)));

  const ttlMs = config.sessionTtlHours * 3600_000;
  const store = app.get(TypeOrmSessionStore);
  const sessions = session({
    name: SESSION_COOKIE,
    secret: sessionSecret(config),
    store,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie: { httpOnly: true, sameSite: 'strict', secure: config.cookieSecure, maxAge: ttlMs, path: '/' },
  });
  passport.serializeUser((user, done) => done(null, user.id));
  passport.deserializeUser((id: string, done) => done(null, { id }));
  const signedIn = series(sessions, passport.initialize(), passport.session());
  // A read without the session cookie (an API token, or nobody) has no session to load and makes none
  // (only sign-in and setup, both POSTs, create one): no throw-away session is built for it.
  const hasSessionCookie = sessionCookieTest(SESSION_COOKIE);
  const sessionIfAny: RequestHandler = (req, res, next) => {
    if (SAFE_METHODS.has(req.method) && !hasSessionCookie(req)) return next();
    signedIn(req, res, next);
  };
  app.use('/api', series(express.json({ limit: MAX_BODY_BYTES }), bodyGuard, sessionIfAny));

  app.useGlobalPipes(new InputValidationPipe());
  // A failure while the database or Redis is away answers 503 naming it, not 500.
  const dependencies = app.get(Dependencies);
  const outage = () => dependencies.outage();
  app.useGlobalFilters(new AllExceptionsFilter(outage));

  const doc = lazy(() => buildOpenApiDocument(app));
  app.use('/api/openapi.json', (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET') return next();
    res.json(doc());
  });

  const webDir = webDirOf(config);
  if (webDir) {
    app.use(express.static(webDir, { index: false, maxAge: '1h', setHeaders: noCacheForHtml }));
    app.use((req: Request, res: Response, next: NextFunction) => {
      if (req.method !== 'GET' || req.path.startsWith('/api')) return next();
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(join(webDir, 'index.html'));
    });
  }
  // Errors thrown by express middleware (malformed JSON, …) before Nest's filter sees them.
  app.use((err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    void toErrorResponseChecked(err, correlationIdOf(req), outage).then(({ status, body, headers }) => {
      if (res.headersSent) return;
      for (const [k, v] of Object.entries(headers ?? {})) res.setHeader(k, v);
      res.status(status).json(body);
    });
  });
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Does the request carry a cookie named `name`? (No parsing: express-session parses it when it does.) */
function sessionCookieTest(name: string): (req: Request) => boolean {
  const pattern = new RegExp(`(?:^|;)\\s*${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}=`);
  return (req) => {
    const cookie = req.headers.cookie;
    return cookie !== undefined && pattern.test(cookie);
  };
}

function lazy<T>(fn: () => T): () => T {
  let v: T | undefined;
  return () => (v ??= fn());
}

function noCacheForHtml(res: Response, path: string): void {
  if (path.endsWith('.html')) res.setHeader('Cache-Control', 'no-cache');
}

function securityHeaders(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'same-origin');
  res.setHeader(
    'Content-Security-Policy',
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self' ws: wss:; frame-ancestors 'none'",
  );
  next();
}
