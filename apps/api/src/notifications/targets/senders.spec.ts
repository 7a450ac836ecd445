import { createHmac } from 'node:crypto';
import { emailSubject, emailText } from './email.sender';
import { headerText, ntfyHeaders, ntfyUrl } from './ntfy.sender';
import type { OutgoingNotification } from './outgoing';
import { scrubSecrets } from './target-settings';
import { isPermanentHttpStatus, webhookPayload, webhookSignature } from './webhook.sender';

const n: OutgoingNotification = {
  id: 'n1',
  deliveryId: 'd1',
  test: false,
  kind: 'backup.freshness',
  severity: 'critical',
  networkId: 'net-1',
  networkName: 'family',
  subject: 'backup:p1',
  state: 'stale',
  previousState: 'ok',
  title: 'laptop-anna has not been backed up for 3 days',
  message: 'The last backup finished on Monday.',
  link: 'https://panel.example.org/networks/net-1/backups',
  createdAt: '2026-03-10T11:00:00.000Z',
};

describe('webhook', () => {
  it('signs "<timestamp>.<body>" with HMAC-SHA256 as receivers recompute it', () => {
    const body = JSON.stringify(webhookPayload(n));
    const expected = createHmac('sha256', 'sekret').update(`1700000000.${body}`).digest('hex');
    expect(webhookSignature('sekret', '1700000000', body)).toBe(`sha256=${expected}`);
    expect(JSON.parse(body)).toMatchObject({
      type: 'notification',
      deliveryId: 'd1',
      state: 'stale',
      previousState: 'ok',
      networkName: 'family',
    });
  });

  it('retries server errors, timeouts and rate limits but not refusals or redirects', () => {
    expect([500, 502, 503, 408, 429].map(isPermanentHttpStatus)).toEqual([false, false, false, false, false]);
    expect([400, 401, 403, 404, 410, 301, 302].map(isPermanentHttpStatus)).toEqual([true, true, true, true, true, true, true]);
  });
});

describe('ntfy', () => {
  it('maps severity to priority, adds tags and the click link, and the token as a bearer', () => {
    const h = ntfyHeaders(n, 'tk_abc');
    expect(h).toMatchObject({ priority: '5', tags: 'rotating_light,backup.freshness', click: n.link, authorization: 'Bearer tk_abc' });
    expect(h['title']).toBe(n.title);
    expect(ntfyHeaders({ ...n, severity: 'info', link: '/relative', test: true }, undefined)).not.toHaveProperty('click');
    expect(ntfyHeaders({ ...n, severity: 'info', test: true }, undefined)).not.toHaveProperty('authorization');
  });

  it('RFC 2047-encodes non-ASCII header text and joins the URL cleanly', () => {
    expect(headerText('Sicherung fällig')).toBe(`=?UTF-8?B?${Buffer.from('Sicherung fällig').toString('base64')}?=`);
    expect(headerText('a\r\nb')).toBe('a b');
    expect(ntfyUrl({ server: 'https://ntfy.example.org/', topic: 'fam-1' })).toBe('https://ntfy.example.org/fam-1');
  });
});

describe('email', () => {
  it('puts severity in the subject and the change under the message', () => {
    expect(emailSubject(n)).toBe('[cLAN critical] laptop-anna has not been backed up for 3 days');
    expect(emailSubject({ ...n, severity: 'info' })).toBe('[cLAN] laptop-anna has not been backed up for 3 days');
    expect(emailText(n)).toContain('backup.freshness on network family: ok → stale');
    expect(emailText(n)).toContain(n.link);
  });
});

describe('scrubSecrets', () => {
  it('removes secrets in plain, URL-encoded and base64 form', () => {
    const secrets = { password: 'p@ss word', token: 'tk_123' };
    const text = `auth p@ss word / ${encodeURIComponent('p@ss word')} / ${Buffer.from('tk_123').toString('base64')} / tk_123`;
    expect(scrubSecrets(text, secrets)).toBe('auth *** / *** / *** / ***');
  });
});
