import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { series } from './series';

describe('series', () => {
  const req = {} as Request;
  const res = {} as Response;
  const run = (handler: RequestHandler) =>
    new Promise<unknown>((resolve) => handler(req, res, ((err?: unknown) => resolve(err ?? 'done')) as NextFunction));

  it('runs the middleware in order, then calls next', async () => {
    const seen: number[] = [];
    const step =
      (n: number): RequestHandler =>
      (_req, _res, next) => {
        seen.push(n);
        next();
      };
    expect(await run(series(step(1), step(2), step(3)))).toBe('done');
    expect(seen).toEqual([1, 2, 3]);
  });

  it('stops at the first error, whether passed, thrown or rejected', async () => {
    const boom = new Error('boom');
    const never: RequestHandler = () => {
      throw new Error('must not run');
    };
    expect(await run(series((_q, _s, next) => next(boom), never))).toBe(boom);
    expect(
      await run(
        series(() => {
          throw boom;
        }, never),
      ),
    ).toBe(boom);
    expect(await run(series(async () => Promise.reject(boom), never))).toBe(boom);
  });
});
