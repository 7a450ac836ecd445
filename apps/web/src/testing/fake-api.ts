/**
 * A fetch stand-in for unit tests: routes by method and path, records every
 * request (with headers and parsed body) so tests can assert on what was sent.
 */
export interface RecordedRequest {
  method: string;
  path: string;
  search: string;
  headers: Headers;
  body: unknown;
}

type Reply = {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
};
type Responder = Reply | ((request: RecordedRequest) => Reply);

export class FakeApi {
  readonly requests: RecordedRequest[] = [];
  private readonly routes: {
    method: string;
    path: string;
    responder: Responder;
    times: number;
  }[] = [];

  /** Later registrations win; `times` limits how often a reply is used (then older ones apply again). */
  on(method: string, path: string, responder: Responder, times = Infinity): this {
    this.routes.unshift({
      method: method.toUpperCase(),
      path,
      responder,
      times,
    });
    return this;
  }

  readonly fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : new Request(input, init);
    const url = new URL(request.url);
    const text = request.method === 'GET' || request.method === 'HEAD' ? '' : await request.text();
    const recorded: RecordedRequest = {
      method: request.method,
      path: url.pathname,
      search: url.search,
      headers: request.headers,
      body: text ? JSON.parse(text) : undefined,
    };
    this.requests.push(recorded);
    const route = this.routes.find((r) => r.method === request.method && r.path === url.pathname && r.times > 0);
    if (!route)
      return jsonResponse(404, {
        code: 'NOT_FOUND',
        message: `no fake for ${request.method} ${url.pathname}`,
        correlationId: 'test',
      });
    route.times -= 1;
    const reply = typeof route.responder === 'function' ? route.responder(recorded) : route.responder;
    return jsonResponse(reply.status ?? 200, reply.body, reply.headers);
  };

  last(method: string, path: string): RecordedRequest | undefined {
    return [...this.requests].reverse().find((r) => r.method === method && r.path === path);
  }
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  if (status === 204 || body === undefined)
    return new Response(null, {
      status: status === 200 ? 204 : status,
      headers,
    });
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

export function apiError(status: number, code: string, message: string): Reply {
  return { status, body: { code, message, correlationId: 'corr-test' } };
}

/** Lets promise chains started by the code under test run to completion. */
export async function flush(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}
