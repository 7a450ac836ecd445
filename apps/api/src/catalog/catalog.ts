import { APP_CATALOG, appDefaults, appJsonSchema, appKeys, appPorts, configsJsonSchema, machineJsonSchema } from '@clan/nix-schema';
import { LOCAL_ADMINS_MAX } from '../configs/layers';
import { USERNAME_PATTERN } from '../users/username';
import type { CatalogAppDto, CatalogSchemaDto } from './catalog.dto';

/** The app catalog as the API shows it; everything comes from libs/nix-schema. */
export function catalogApps(): CatalogAppDto[] {
  return appKeys.map((key) => {
    const app = APP_CATALOG[key];
    const defaults = appDefaults(key);
    return {
      key,
      title: app.title,
      description: app.description,
      nixosModule: app.nixosModule,
      ports: defaults ? appPorts(key, defaults).map((p) => ({ ...p })) : [],
      state: {
        paths: [...app.state.paths],
        pathOptions: [...(app.state.pathOptions ?? [])],
        hooks: (app.state.hooks ?? []).map((h) => ({ ...h })),
      },
      schema: appJsonSchema(key),
    };
  });
}

/** The machine schema plus `localAdmins`, which the panel keeps beside configs.json (panel/local-admins.json). */
export function catalogSchemas(): CatalogSchemaDto {
  const machine = machineJsonSchema();
  const properties = (machine['properties'] ?? {}) as Record<string, unknown>;
  machine['properties'] = {
    ...properties,
    localAdmins: {
      title: 'Local admins',
      description: 'Usernames of the people who administer this machine locally (see adminMode). Set by network admins.',
      type: 'array',
      maxItems: LOCAL_ADMINS_MAX,
      uniqueItems: true,
      default: [],
      items: { type: 'string', pattern: USERNAME_PATTERN.source },
    },
  };
  return { configs: configsJsonSchema(), machine };
}
