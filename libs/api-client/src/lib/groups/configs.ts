import type { ClanClient } from '../client';
import { unwrap } from '../errors';
import type { PageQuery } from '../paging';
import { type Schemas, writeBody, type WriteOptions, writeQuery } from './types';

/** A machine's configuration (or one layer of it) as JSON; the panel validates it. */
export type MachineConfigJson = Record<string, unknown>;

/** The app catalog: every app with its JSON Schema, and the schemas of configs.json. */
export class CatalogApi {
  constructor(private readonly client: ClanClient) {}

  apps() {
    return unwrap(this.client.GET('/api/catalog/apps'));
  }

  schema() {
    return unwrap(this.client.GET('/api/catalog/schema'));
  }
}

/** Machines of a network and their configuration layers (form and overrides). */
export class MachinesApi {
  constructor(private readonly client: ClanClient) {}

  list(networkId: string, page: PageQuery = {}) {
    return unwrap(this.client.GET('/api/networks/{networkId}/machines', { params: { path: { networkId }, query: page } }));
  }

  get(networkId: string, machine: string) {
    return unwrap(this.client.GET('/api/networks/{networkId}/machines/{machine}', { params: { path: { networkId, machine } } }));
  }

  create(networkId: string, name: string, config: MachineConfigJson, write: WriteOptions = {}) {
    return unwrap(
      this.client.POST('/api/networks/{networkId}/machines', {
        params: { path: { networkId } },
        body: { name, config, ...writeBody(write) },
      }),
    );
  }

  /**
   * Replaces the machine's form layer. `write.baseRevision` is the `head` the
   * form was filled from (GET machine): the API requires it and answers 409
   * when someone else changed the machine since.
   */
  put(networkId: string, machine: string, config: MachineConfigJson, write: WriteOptions = {}) {
    return unwrap(
      this.client.PUT('/api/networks/{networkId}/machines/{machine}', {
        params: { path: { networkId, machine } },
        body: { config, ...writeBody(write) } as Schemas['UpdateMachineDto'],
      }),
    );
  }

  delete(networkId: string, machine: string, write: WriteOptions = {}) {
    return unwrap(
      this.client.DELETE('/api/networks/{networkId}/machines/{machine}', {
        params: { path: { networkId, machine }, query: writeQuery(write) },
      }),
    );
  }

  /** Replaces the machine's override layer; `write.baseRevision` as for `put`. */
  putOverrides(networkId: string, machine: string, overrides: MachineConfigJson, write: WriteOptions = {}) {
    return unwrap(
      this.client.PUT('/api/networks/{networkId}/machines/{machine}/overrides', {
        params: { path: { networkId, machine } },
        body: { overrides, ...writeBody(write) } as Schemas['UpdateOverridesDto'],
      }),
    );
  }

  /** Revokes one override (`path` like `applications.syncthing`), or all of them without a path. */
  revokeOverride(networkId: string, machine: string, path: string | undefined, write: WriteOptions = {}) {
    return unwrap(
      this.client.DELETE('/api/networks/{networkId}/machines/{machine}/overrides', {
        params: { path: { networkId, machine }, query: { ...(path ? { path } : {}), ...writeQuery(write) } },
      }),
    );
  }
}

/** A network's configuration repository: history, diffs, the raw file, revert, status. */
export class ConfigApi {
  constructor(private readonly client: ClanClient) {}

  history(networkId: string, query: PageQuery & { path?: string } = {}) {
    return unwrap(this.client.GET('/api/networks/{networkId}/config/history', { params: { path: { networkId }, query } }));
  }

  /** From `from` (default: the parent of `to`) to `to` (default: the head). */
  diff(networkId: string, query: { from?: string; to?: string }) {
    const q = { ...(query.from ? { from: query.from } : {}), ...(query.to ? { to: query.to } : {}) };
    return unwrap(this.client.GET('/api/networks/{networkId}/config/diff', { params: { path: { networkId }, query: q } }));
  }

  raw(networkId: string, revision?: string) {
    return unwrap(
      this.client.GET('/api/networks/{networkId}/config/raw', { params: { path: { networkId }, query: revision ? { revision } : {} } }),
    );
  }

  /** Writes configs.json as text; with `baseRevision` a stale edit answers 409 instead of overwriting. */
  putRaw(networkId: string, content: string, write: WriteOptions = {}) {
    return unwrap(
      this.client.PUT('/api/networks/{networkId}/config/raw', { params: { path: { networkId } }, body: { content, ...writeBody(write) } }),
    );
  }

  revert(networkId: string, revision: string, write: WriteOptions = {}) {
    return unwrap(
      this.client.POST('/api/networks/{networkId}/config/revert', {
        params: { path: { networkId } },
        body: { revision, ...writeBody(write) },
      }),
    );
  }

  status(networkId: string) {
    return unwrap(this.client.GET('/api/networks/{networkId}/config/status', { params: { path: { networkId } } }));
  }
}
