import { createHmac } from 'node:crypto';
import { originAllowed, sessionIdFromCookieHeader } from './ws-handshake';

describe('WebSocket handshake checks', () => {
  it('accepts the Origin of the Host it was reached at, or the configured origin', () => {
    expect(originAllowed('http://127.0.0.1:8080', '127.0.0.1:8080', undefined)).toBe(true);
    expect(originAllowed('https://panel.example', 'panel.example', undefined)).toBe(true);
    expect(originAllowed('https://panel.example', 'localhost:8080', 'https://panel.example')).toBe(true);
  });

  it('refuses other origins and garbage', () => {
    expect(originAllowed('https://evil.example', 'panel.example', undefined)).toBe(false);
    expect(originAllowed('http://127.0.0.1:9999', '127.0.0.1:8080', undefined)).toBe(false);
    expect(originAllowed('null', 'panel.example', undefined)).toBe(false);
    expect(originAllowed('https://evil.example', 'panel.example', 'https://panel.example')).toBe(false);
  });

  it('leaves clients without Origin (not browsers) to their credentials', () => {
    expect(originAllowed(undefined, 'panel.example', undefined)).toBe(true);
  });

  const secret = 'x'.repeat(40);
  const sign = (sid: string, key = secret) => `s:${sid}.${createHmac('sha256', key).update(sid).digest('base64').replace(/=+$/, '')}`;

  it('reads a correctly signed clan.sid cookie', () => {
    expect(sessionIdFromCookieHeader(`a=b; clan.sid=${encodeURIComponent(sign('abc'))}; c=d`, secret)).toBe('abc');
  });

  it('ignores unsigned, wrongly signed or missing cookies', () => {
    expect(sessionIdFromCookieHeader('clan.sid=abc', secret)).toBeNull();
    expect(sessionIdFromCookieHeader(`clan.sid=${encodeURIComponent(sign('abc', 'y'.repeat(40)))}`, secret)).toBeNull();
    expect(sessionIdFromCookieHeader('other=1', secret)).toBeNull();
    expect(sessionIdFromCookieHeader(undefined, secret)).toBeNull();
    expect(sessionIdFromCookieHeader('clan.sid=%E0%A4%A', secret)).toBeNull();
  });
});
