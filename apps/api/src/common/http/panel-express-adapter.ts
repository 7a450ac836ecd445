import { ExpressAdapter } from '@nestjs/platform-express';
import type { Response } from 'express';
import { PreparedJson } from './prepared-json';

type EtagFn = (body: Buffer, encoding?: string) => string | undefined;

/**
 * Nest's Express adapter, plus: a handler's PreparedJson is sent as its kept
 * bytes with its kept ETag (the same headers, ETag and 304 as `res.json`, but
 * no JSON.stringify or hash per request).
 */
export class PanelExpressAdapter extends ExpressAdapter {
  override reply(response: Response, body: unknown, statusCode?: number): unknown {
    if (!(body instanceof PreparedJson)) return super.reply(response, body, statusCode);
    if (statusCode !== undefined) response.status(statusCode);
    if (body.etag === undefined) {
      const etagOf = response.app.get('etag fn') as EtagFn | undefined;
      body.etag = etagOf?.(body.bytes) ?? '';
    }
    response.setHeader('Content-Type', 'application/json; charset=utf-8');
    if (body.etag) response.setHeader('ETag', body.etag);
    return response.send(body.bytes);
  }
}
