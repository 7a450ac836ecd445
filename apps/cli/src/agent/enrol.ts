import { apiError } from '@clan/api-client';
import type { MeshAgentEnrolment, MeshAgentLayer } from '@clan/contracts';
import { isMeshLayerKind, meshLayer } from '@clan/vpn';
import { CliError, networkReason, UnreachableError, UsageError } from '../lib/errors';
import type { AgentState } from './state';

/**
 * Enrolment: the device makes its own key pair (the private key never leaves
 * <state>/private.key), then asks the panel for an agent token — with a
 * single-use invite (public route) or with the caller's API token.
 */

/** The secret part of an invite link: 24 random bytes in base64url (apps/api mesh-invites.service.ts). */
export const INVITE_TOKEN = /^[A-Za-z0-9_-]{32}$/;

export interface InviteRef {
  token: string;
  /** The panel the link points at (its origin), or null for a bare token. */
  panelUrl: string | null;
}

/** `https://panel.example.org/join/<token>` or the bare token. */
export function parseInvite(text: string): InviteRef {
  const value = text.trim();
  if (INVITE_TOKEN.test(value)) return { token: value, panelUrl: null };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--invite: "${value}" is neither an invite link (https://<panel>/join/<token>) nor its 32-character token`);
  }
  const parts = url.pathname.split('/').filter(Boolean);
  const join = parts.lastIndexOf('join');
  const token = join >= 0 ? parts[join + 1] : parts[parts.length - 1];
  if (!token || !INVITE_TOKEN.test(token) || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new UsageError(`--invite: "${value}" is not an invite link: expected https://<panel>/join/<32-character token>`);
  }
  return { token, panelUrl: url.origin };
}

export interface EnrolRequest {
  name: string;
  endpoint?: string;
  groups?: string[];
}

type Fetch = typeof globalThis.fetch;

/** One JSON request to the panel; API errors as ClanApiError (exit 1), no answer as UnreachableError (exit 3). */
export async function panelJson<T>(
  fetchImpl: Fetch,
  panelUrl: string,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  token?: string,
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers['authorization'] = `Bearer ${token}`;
  let response: Response;
  try {
    response = await fetchImpl(`${panelUrl.replace(/\/+$/, '')}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (err) {
    throw new UnreachableError(panelUrl, (err as { name?: string }).name === 'TimeoutError' ? 'no answer within 30 s' : networkReason(err));
  }
  const text = await response.text();
  let parsed: unknown = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = { message: text };
  }
  if (!response.ok) throw apiError(response, parsed);
  return parsed as T;
}

function layerOf(kind: unknown, where: string): MeshAgentLayer {
  if (!isMeshLayerKind(kind))
    throw new CliError(
      `The panel's ${where} names the mesh layer ${JSON.stringify(kind)}, which this clanctl cannot run (update clanctl).`,
    );
  return kind;
}

/** Makes the key pair and keeps the private key in the state directory (0600); answers the public key. */
export function makeKeyPair(state: AgentState, layer: MeshAgentLayer): string {
  const pair = meshLayer(layer).generateKeyPair();
  state.writePrivateKey(pair.privateKey);
  return pair.publicKey;
}

/** Enrols with an invite: the preview says which key pair to make, then the public enrol route takes the invite. */
export async function enrolWithInvite(
  fetchImpl: Fetch,
  state: AgentState,
  panelUrl: string,
  token: string,
  request: EnrolRequest,
): Promise<MeshAgentEnrolment> {
  const preview = await panelJson<{ network: string; layer: { kind: string } }>(
    fetchImpl,
    panelUrl,
    'GET',
    `/api/mesh/invites/${encodeURIComponent(token)}`,
  );
  const publicKey = makeKeyPair(state, layerOf(preview.layer?.kind, 'invite'));
  const enrolment = await panelJson<MeshAgentEnrolment>(fetchImpl, panelUrl, 'POST', '/api/mesh/agents/enrol', {
    invite: token,
    publicKey,
    ...request,
  });
  return checkEnrolment(enrolment);
}

/** Enrols with an API token into a network the caller may change. */
export async function enrolWithToken(
  fetchImpl: Fetch,
  state: AgentState,
  panelUrl: string,
  apiToken: string,
  networkId: string,
  layerKind: string,
  request: EnrolRequest,
): Promise<MeshAgentEnrolment> {
  const publicKey = makeKeyPair(state, layerOf(layerKind, 'mesh'));
  const enrolment = await panelJson<MeshAgentEnrolment>(
    fetchImpl,
    panelUrl,
    'POST',
    `/api/networks/${encodeURIComponent(networkId)}/mesh/agents`,
    { publicKey, ...request },
    apiToken,
  );
  return checkEnrolment(enrolment);
}

function checkEnrolment(e: MeshAgentEnrolment): MeshAgentEnrolment {
  if (!e || typeof e.agentToken !== 'string' || !Array.isArray(e.panelUrls) || e.panelUrls.length === 0) {
    throw new CliError('The panel answered the enrolment without an agent token or panel URLs; is it a cLAN panel of the same version?');
  }
  layerOf(e.layer, 'enrolment');
  return e;
}

/** The machine's host name as a device name (a DNS label): "Annas-Laptop.local" → "annas-laptop". */
export function hostnameLabel(hostname: string): string {
  const label = (hostname.split('.')[0] ?? '')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  return label || 'device';
}
