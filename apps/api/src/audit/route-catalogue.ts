import { Injectable, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';

/** Where @ApiOperation keeps its options (@nestjs/swagger's API_OPERATION_METADATA, not exported). */
const API_OPERATION_METADATA = 'swagger/apiOperation';
/** The app's global prefix (create-app). */
const GLOBAL_PREFIX = 'api';

export function normalizePattern(...parts: string[]): string {
  const joined = parts
    .map((p) => p.replace(/^\/+|\/+$/g, ''))
    .filter(Boolean)
    .join('/');
  return `/${joined}`;
}

/**
 * Maps `METHOD /api/route/:pattern` to the operation id declared with
 * @ApiOperation, built lazily from the controllers. The audit log names
 * actions after operation ids, so they read the same as the API reference.
 */
@Injectable()
export class RouteCatalogue {
  private table: Map<string, string> | null = null;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  operationId(method: string, pattern: string): string | undefined {
    this.table ??= this.build();
    return this.table.get(`${method.toUpperCase()} ${pattern}`);
  }

  /**
   * The route a concrete path belongs to, for requests refused before routing
   * (body too large, too deep, unstorable characters): its pattern and params.
   */
  match(method: string, path: string): { pattern: string; params: Record<string, string> } | undefined {
    this.table ??= this.build();
    const want = path.split('/');
    const prefix = `${method.toUpperCase()} `;
    for (const key of this.table.keys()) {
      if (!key.startsWith(prefix)) continue;
      const pattern = key.slice(prefix.length);
      const segs = pattern.split('/');
      if (segs.length !== want.length) continue;
      const params: Record<string, string> = {};
      const same = segs.every((s, i) => {
        if (!s.startsWith(':')) return s === want[i];
        if (!want[i]) return false;
        try {
          params[s.slice(1)] = decodeURIComponent(want[i]);
        } catch {
          params[s.slice(1)] = want[i];
        }
        return true;
      });
      if (same) return { pattern, params };
    }
    return undefined;
  }

  private build(): Map<string, string> {
    const table = new Map<string, string>();
    for (const wrapper of this.discovery.getControllers()) {
      const { instance, metatype } = wrapper;
      if (!instance || !metatype) continue;
      const base = ([] as string[]).concat(this.reflector.get<string | string[] | undefined>(PATH_METADATA, metatype) ?? '');
      const proto = Object.getPrototypeOf(instance) as object;
      for (const name of this.scanner.getAllMethodNames(proto)) {
        const handler = (proto as Record<string, unknown>)[name] as () => unknown;
        const paths = this.reflector.get<string | string[] | undefined>(PATH_METADATA, handler);
        if (paths === undefined) continue;
        const method = RequestMethod[this.reflector.get<RequestMethod>(METHOD_METADATA, handler)];
        const op = this.reflector.get<{ operationId?: string } | undefined>(API_OPERATION_METADATA, handler)?.operationId;
        if (!op || !method) continue;
        for (const b of base)
          for (const p of ([] as string[]).concat(paths)) table.set(`${method} ${normalizePattern(GLOBAL_PREFIX, b, p)}`, op);
      }
    }
    return table;
  }
}
