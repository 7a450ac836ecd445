import { DOCUMENT, Injectable, inject } from '@angular/core';
import { apiError } from '@clan/api-client';
import type { JsonSchema } from '../config/json-schema';
import { Session } from '../auth/session';
import { Api, FETCH } from './api';

/** A marketplace source as a network's pins and reviews name it. */
export interface MarketplaceSourceRef {
  id: string;
  name: string;
  url: string;
}

/** A third-party app pinned in a network (accepted in a review). */
export interface NetworkMarketplaceApp {
  key: string;
  title: string;
  description: string;
  source: MarketplaceSourceRef;
  rev: string;
  narHash: string;
  acceptedAt: string;
  acceptedBy: string | null;
  /** JSON Schema of the app's options, the same shape as a built-in app's in /api/catalog. */
  schema: JsonSchema;
  defaults: Record<string, unknown> | null;
  /** Machines whose configs use it. */
  machines: string[];
  /** The source has a newer indexed revision. */
  update: { rev: string; reviewId: string | null } | null;
}

export type MarketplaceReviewStatus = 'pending' | 'accepted' | 'rejected' | 'stale';

export interface MarketplaceReviewSummary {
  id: string;
  app: string;
  title: string;
  kind: 'install' | 'update';
  fromRev: string | null;
  toRev: string;
  machine: string | null;
  status: MarketplaceReviewStatus;
  createdAt: string;
  createdBy: string | null;
}

export interface SourceDiffFile {
  path: string;
  status: 'added' | 'modified' | 'deleted' | 'renamed';
  additions: number;
  deletions: number;
}

export interface MarketplaceReview extends MarketplaceReviewSummary {
  source: MarketplaceSourceRef;
  decidedAt: string | null;
  decidedBy: string | null;
  /** Unified diff of the network repository's files (flake.nix inputs, marketplace.json). */
  configDiff: string;
  /** The app repository's Nix source against the previously pinned revision. */
  sourceDiff: { files: SourceDiffFile[]; patch: string; truncated: boolean };
}

export interface NetworkMarketplace {
  apps: NetworkMarketplaceApp[];
  reviews: MarketplaceReviewSummary[];
}

export interface StartReview {
  sourceId: string;
  app: string;
  machine?: string;
}

export interface AcceptedReview {
  review: MarketplaceReview;
  commit: string;
  /** The machine the app was added to (enabled, with its defaults), when the review named one. */
  machine: string | null;
}

/** What `POST …/template/:key/networks` answers: the new network, its machines, the reviews it waits for, what it left out. */
export interface TemplateNetwork {
  network: { id: string; name: string; description?: string };
  machines: string[];
  /** One pending install review per third-party app the template uses (a network admin accepts each). */
  reviews: MarketplaceReviewSummary[];
  /** Apps no source here provides, each with a sentence. */
  skipped: { app: string; reason: string }[];
}

export interface CreateFromTemplate {
  name: string;
  description?: string;
  system?: 'nixos' | 'demo';
}

/** A network published as a template: read-only git over HTTP, no sign-in. */
export interface PublishedTemplate {
  networkId: string;
  key: string;
  title: string;
  description: string;
  licence: string;
  revision: string;
  publishedAt: string;
  publishedBy: string | null;
  /** http(s)://…/api/published/<networkId>.git */
  gitUrl: string;
  /** nix://https-…/api/published/<networkId>.git, when the panel knows its own address. */
  link: string | null;
  machines: string[];
  apps: string[];
  /** Sentences: what was left out (keys, mesh sections, local admins, overrides, secrets). */
  omitted: string[];
}

export interface PublishTemplate {
  title: string;
  description: string;
  licence?: string;
}

/** What a nix:// link points at, as this panel knows it. */
export interface ResolvedLink {
  kind: 'network' | 'template';
  gitUrl: string;
  /** A network of this panel. */
  network: { id: string; name: string; member: boolean } | null;
  /** A source here already has this URL. */
  source: { id: string; name: string } | null;
  /** That source's templates. */
  templates: { source: string; key: string; title: string }[];
}

/** The API's `{ message, errors: [{ path | field, message }] }` as the `{ message, fields }` the shared error words read. */
function errorBody(body: unknown): unknown {
  if (!body || typeof body !== 'object') return body;
  const b = body as { fields?: unknown; errors?: unknown };
  if (Array.isArray(b.fields) || !Array.isArray(b.errors)) return body;
  const fields = (b.errors as { path?: string; field?: string; message?: string }[]).map((e) => ({
    field: e.path ?? e.field ?? '',
    message: e.message ?? '',
  }));
  return { ...b, fields };
}

/**
 * The network's marketplace routes (third-party apps pinned through a review), networks made from templates,
 * publishing a network as one, and resolving nix:// links. Not in the generated
 * client yet, so plain fetch the way the facade sends it: same origin, the session cookie, the CSRF
 * token on writes, the FETCH token's fetch (tests answer it); a lost session goes to /login via Api.run.
 */
@Injectable({ providedIn: 'root' })
export class NetworkMarketplaceService {
  private readonly api = inject(Api);
  private readonly session = inject(Session);
  private readonly fetch = inject(FETCH);
  private readonly origin = inject(DOCUMENT).location.origin;

  marketplace(networkId: string): Promise<NetworkMarketplace> {
    return this.call('GET', `${this.base(networkId)}`);
  }

  startReview(networkId: string, body: StartReview): Promise<MarketplaceReview> {
    return this.call('POST', `${this.base(networkId)}/reviews`, body);
  }

  review(networkId: string, reviewId: string): Promise<MarketplaceReview> {
    return this.call('GET', `${this.base(networkId)}/reviews/${encodeURIComponent(reviewId)}`);
  }

  accept(networkId: string, reviewId: string): Promise<AcceptedReview> {
    return this.call('POST', `${this.base(networkId)}/reviews/${encodeURIComponent(reviewId)}/accept`, {});
  }

  reject(networkId: string, reviewId: string): Promise<MarketplaceReview> {
    return this.call('POST', `${this.base(networkId)}/reviews/${encodeURIComponent(reviewId)}/reject`, {});
  }

  async remove(networkId: string, key: string): Promise<void> {
    await this.call('DELETE', `${this.base(networkId)}/apps/${encodeURIComponent(key)}`);
  }

  /** Host admins: a new network with the template's machines; its third-party apps wait as install reviews. */
  createFromTemplate(source: string, key: string, body: CreateFromTemplate): Promise<TemplateNetwork> {
    return this.call('POST', `/api/marketplace/entries/${encodeURIComponent(source)}/template/${encodeURIComponent(key)}/networks`, body);
  }

  async published(networkId: string): Promise<PublishedTemplate | null> {
    return (await this.call<{ published: PublishedTemplate | null }>('GET', this.publishPath(networkId))).published;
  }

  /** Publishes, or publishes again (a new revision of the same template). */
  publish(networkId: string, body: PublishTemplate): Promise<PublishedTemplate> {
    return this.call('POST', this.publishPath(networkId), body);
  }

  async unpublish(networkId: string): Promise<void> {
    await this.call('DELETE', this.publishPath(networkId));
  }

  resolve(link: string): Promise<ResolvedLink> {
    return this.call('GET', `/api/marketplace/resolve?link=${encodeURIComponent(link)}`);
  }

  private publishPath(networkId: string): string {
    return `/api/networks/${encodeURIComponent(networkId)}/publish`;
  }

  private base(networkId: string): string {
    return `/api/networks/${encodeURIComponent(networkId)}/marketplace`;
  }

  private call<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const csrf = this.session.csrfToken();
    if (csrf && method !== 'GET') headers['x-csrf-token'] = csrf;
    const request = async (): Promise<T> => {
      const response = await this.fetch(new URL(path, this.origin).toString(), {
        method,
        headers,
        credentials: 'same-origin',
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      let parsed: unknown = undefined;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        parsed = undefined;
      }
      if (!response.ok) throw apiError(response, errorBody(parsed));
      return parsed as T;
    };
    return this.api.run(request());
  }
}
