import { Injectable, computed, inject, signal } from '@angular/core';
import { ClanApi } from '../api/clan-api';
import type { CatalogApp, CatalogSchemas } from '../api/config-types';
import { describeError, type ErrorView } from '../api/errors';

/** The app catalog and the configuration schemas: fetched once per session, shared by every page that renders forms. */
@Injectable({ providedIn: 'root' })
export class CatalogStore {
  private readonly api = inject(ClanApi);
  readonly apps = signal<CatalogApp[]>([]);
  readonly schemas = signal<CatalogSchemas | null>(null);
  readonly error = signal<ErrorView | null>(null);
  readonly loaded = computed(() => this.schemas() !== null);
  private pending: Promise<void> | null = null;

  /** Single-flight: concurrent callers share one request; a failure may be retried by calling again. */
  load(): Promise<void> {
    if (this.loaded()) return Promise.resolve();
    this.pending ??= (async () => {
      try {
        const [apps, schemas] = await Promise.all([this.api.catalogApps(), this.api.catalogSchema()]);
        this.apps.set(apps);
        this.schemas.set(schemas);
        this.error.set(null);
      } catch (error) {
        this.error.set(describeError(error));
      } finally {
        this.pending = null;
      }
    })();
    return this.pending;
  }

  app(key: string): CatalogApp | undefined {
    return this.apps().find((app) => app.key === key);
  }
}
