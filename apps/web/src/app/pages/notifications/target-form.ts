import type { NotificationSeverity, NotificationTargetType } from '@clan/contracts';
import type { CreateTargetRequest, TargetView, UpdateTargetRequest } from '../../core/notifications/notifications-api';

/** A secret field in the form: write-only. Empty keeps what is stored; `clear` removes it. */
export interface SecretInput {
  value: string;
  clear: boolean;
}

/** The dialog's state: plain strings for inputs, turned into a request by toCreateRequest/toUpdateRequest. */
export interface TargetForm {
  name: string;
  type: NotificationTargetType;
  enabled: boolean;
  minSeverity: NotificationSeverity;
  allNetworks: boolean;
  networkIds: string[];
  /** Comma- or space-separated; empty: every kind. */
  kinds: string;
  webhook: { url: string; headerName: string; headerSecret: SecretInput; signingSecret: SecretInput };
  ntfy: { server: string; topic: string; token: SecretInput };
  email: { host: string; port: string; secure: boolean; username: string; password: SecretInput; from: string; to: string };
}

const noSecret = (): SecretInput => ({ value: '', clear: false });

export function emptyForm(type: NotificationTargetType = 'webhook'): TargetForm {
  return {
    name: '',
    type,
    enabled: true,
    minSeverity: 'warning',
    allNetworks: true,
    networkIds: [],
    kinds: '',
    webhook: { url: '', headerName: '', headerSecret: noSecret(), signingSecret: noSecret() },
    ntfy: { server: 'https://ntfy.sh', topic: '', token: noSecret() },
    email: { host: '', port: '587', secure: false, username: '', password: noSecret(), from: '', to: '' },
  };
}

/** The form for editing: every plain field from the target; secret fields stay empty (they are never sent back). */
export function formOf(t: TargetView): TargetForm {
  const f = emptyForm(t.type);
  f.name = t.name;
  f.enabled = t.enabled;
  f.minSeverity = t.minSeverity;
  f.allNetworks = !t.networkIds?.length;
  f.networkIds = t.networkIds ?? [];
  f.kinds = (t.kinds ?? []).join(', ');
  if (t.webhook) f.webhook = { ...f.webhook, url: t.webhook.url, headerName: t.webhook.headerName ?? '' };
  if (t.ntfy) f.ntfy = { ...f.ntfy, server: t.ntfy.server, topic: t.ntfy.topic };
  if (t.email)
    f.email = {
      ...f.email,
      host: t.email.host,
      port: String(t.email.port),
      secure: t.email.secure,
      username: t.email.username ?? '',
      from: t.email.from,
      to: t.email.to.join(', '),
    };
  return f;
}

export function splitList(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** A string sets the secret, null clears it, undefined keeps it (and leaves it out of the request). */
function secretValue(input: SecretInput): string | null | undefined {
  if (input.clear) return null;
  return input.value ? input.value : undefined;
}

function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function section(f: TargetForm, creating: boolean): Record<string, unknown> {
  switch (f.type) {
    case 'webhook':
      return withoutUndefined({
        url: f.webhook.url.trim(),
        headerName: f.webhook.headerName.trim() || (creating ? undefined : null),
        headerSecret: secretValue(f.webhook.headerSecret),
        signingSecret: secretValue(f.webhook.signingSecret),
      });
    case 'ntfy':
      return withoutUndefined({ server: f.ntfy.server.trim() || undefined, topic: f.ntfy.topic.trim(), token: secretValue(f.ntfy.token) });
    case 'email':
      return withoutUndefined({
        host: f.email.host.trim(),
        port: Number(f.email.port),
        secure: f.email.secure,
        username: f.email.username.trim() || (creating ? undefined : null),
        password: secretValue(f.email.password),
        from: f.email.from.trim(),
        to: splitList(f.email.to),
      });
  }
}

function matchers(f: TargetForm, hostLevel: boolean): Pick<CreateTargetRequest, 'minSeverity' | 'kinds' | 'networkIds' | 'enabled'> {
  const kinds = splitList(f.kinds);
  return {
    enabled: f.enabled,
    minSeverity: f.minSeverity,
    kinds: kinds.length ? kinds : null,
    ...(hostLevel ? { networkIds: f.allNetworks || f.networkIds.length === 0 ? null : f.networkIds } : {}),
  };
}

export function toCreateRequest(f: TargetForm, hostLevel: boolean): CreateTargetRequest {
  const request: CreateTargetRequest = { name: f.name.trim(), type: f.type, ...matchers(f, hostLevel), [f.type]: section(f, true) };
  return request;
}

export function toUpdateRequest(f: TargetForm, hostLevel: boolean): UpdateTargetRequest {
  const request: UpdateTargetRequest = { name: f.name.trim(), ...matchers(f, hostLevel), [f.type]: section(f, false) };
  return request;
}

/** One line saying where a target delivers. */
export function destinationOf(t: TargetView): string {
  if (t.webhook) return t.webhook.url;
  if (t.ntfy) return `${t.ntfy.server.replace(/\/+$/, '')}/${t.ntfy.topic}`;
  if (t.email) return `${t.email.to.join(', ')} via ${t.email.host}:${t.email.port}`;
  return '';
}

export const TYPE_LABEL: Readonly<Record<NotificationTargetType, string>> = { webhook: 'Webhook', ntfy: 'ntfy', email: 'Email' };
export const SEVERITY_LABEL: Readonly<Record<NotificationSeverity, string>> = { info: 'Info', warning: 'Warning', critical: 'Critical' };
