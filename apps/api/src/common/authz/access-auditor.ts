import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { PATH_METADATA } from '@nestjs/common/constants';
import { ACCESS_METADATA } from './access.decorator';

/** Fails start-up when any controller method lacks an access declaration. */
@Injectable()
export class AccessAuditor implements OnApplicationBootstrap {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onApplicationBootstrap(): void {
    const missing = findUndeclaredRoutes(this.discovery, this.scanner, this.reflector);
    if (missing.length > 0) {
      throw new Error(`These routes declare no access rule (@Public/@Authenticated/@HostAccess/@NetworkAccess): ${missing.join(', ')}`);
    }
  }
}

export function findUndeclaredRoutes(discovery: DiscoveryService, scanner: MetadataScanner, reflector: Reflector): string[] {
  const missing: string[] = [];
  for (const wrapper of discovery.getControllers()) {
    const { instance, metatype } = wrapper;
    if (!instance || !metatype) continue;
    const proto = Object.getPrototypeOf(instance) as object;
    for (const name of scanner.getAllMethodNames(proto)) {
      const handler = (proto as Record<string, unknown>)[name] as (...args: unknown[]) => unknown;
      if (reflector.get(PATH_METADATA, handler) === undefined) continue;
      const meta = reflector.getAllAndOverride(ACCESS_METADATA, [handler, metatype]);
      if (!meta) missing.push(`${metatype.name}.${name}`);
    }
  }
  return missing;
}
