import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { PANEL_VERSION } from '../health/health.service';

function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeysDeep((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** The OpenAPI document, with keys sorted so the committed copy is byte-stable. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('cLAN panel API')
    .setDescription(
      'REST API of the cLAN panel. Browser sessions use the `clan.sid` cookie plus the `X-CSRF-Token` header on writes; ' +
        'scripts use `Authorization: Bearer <API token>`. Every operation carries `x-clan-access`: the scope and privilege it needs. ' +
        'Errors are `{ code, message, correlationId }`.',
    )
    .setVersion(PANEL_VERSION)
    .addCookieAuth('clan.sid', { type: 'apiKey', in: 'cookie', name: 'clan.sid' }, 'session')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An API token (`clan_…`).' }, 'token')
    .build();
  const doc = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (controllerKey, methodKey) => `${controllerKey.replace(/Controller$/, '')}_${methodKey}`,
  });
  return sortKeysDeep(doc) as OpenAPIObject;
}

export function serializeOpenApi(doc: OpenAPIObject): string {
  return JSON.stringify(doc, null, 2) + '\n';
}
