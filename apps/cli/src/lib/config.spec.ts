import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configPath, DEFAULT_URL, readConfig, removeConfigToken, resolveConnection, writeConfig } from './config';

describe('configPath', () => {
  it('uses XDG_CONFIG_HOME, else ~/.config', () => {
    expect(configPath({ XDG_CONFIG_HOME: '/x' })).toBe('/x/clanctl/config.json');
    expect(configPath({ HOME: '/home/ann' })).toBe('/home/ann/.config/clanctl/config.json');
  });
});

describe('config file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'clanctl-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is written with mode 0600 in a 0700 folder and read back', () => {
    const path = join(dir, 'clanctl', 'config.json');
    writeConfig(path, {
      url: 'http://p:1',
      token: 'clan_secret',
      tokenId: 't1',
    });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'clanctl')).mode & 0o777).toBe(0o700);
    expect(readConfig(path)).toEqual({
      url: 'http://p:1',
      token: 'clan_secret',
      tokenId: 't1',
      username: undefined,
    });
  });

  it('tightens a file that was readable by others', () => {
    const path = join(dir, 'config.json');
    writeFileSync(path, '{}', { mode: 0o644 });
    writeConfig(path, { token: 'clan_x' });
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('forgets the token but keeps the URL', () => {
    const path = join(dir, 'config.json');
    writeConfig(path, {
      url: 'http://p:1',
      token: 'clan_secret',
      tokenId: 't1',
      username: 'ann',
    });
    removeConfigToken(path);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({
      url: 'http://p:1',
      username: 'ann',
    });
  });

  it('reads nothing from a missing file and explains a broken one', () => {
    expect(readConfig(join(dir, 'none.json'))).toEqual({});
    mkdirSync(join(dir, 'b'));
    writeFileSync(join(dir, 'b', 'config.json'), '{oops');
    expect(() => readConfig(join(dir, 'b', 'config.json'))).toThrow(/not valid JSON.*fix or delete it/);
  });
});

describe('resolveConnection', () => {
  const stored = { url: 'http://panel:8080', token: 'clan_stored' };

  it('prefers flags, then environment, then the stored login, then the default', () => {
    expect(resolveConnection({ url: 'http://a/', token: 'clan_f' }, { CLAN_URL: 'http://b', CLAN_TOKEN: 'clan_e' }, stored)).toEqual({
      url: 'http://a',
      token: 'clan_f',
      tokenSource: 'flag',
    });
    expect(resolveConnection({}, { CLAN_URL: 'http://panel:8080', CLAN_TOKEN: 'clan_e' }, stored)).toEqual({
      url: 'http://panel:8080',
      token: 'clan_e',
      tokenSource: 'env',
    });
    expect(resolveConnection({}, {}, stored)).toEqual({
      url: 'http://panel:8080',
      token: 'clan_stored',
      tokenSource: 'config',
    });
    expect(resolveConnection({}, {}, {})).toEqual({
      url: DEFAULT_URL,
      token: undefined,
      tokenSource: 'none',
    });
  });

  it('never sends the stored token to another panel', () => {
    expect(resolveConnection({ url: 'http://elsewhere:8080' }, {}, stored)).toEqual({
      url: 'http://elsewhere:8080',
      token: undefined,
      tokenSource: 'none',
    });
  });

  it('rejects URLs that are not http(s)', () => {
    expect(() => resolveConnection({ url: 'ftp://x' }, {}, {})).toThrow(/http:\/\/ or https:\/\//);
    expect(() => resolveConnection({ url: 'nope' }, {}, {})).toThrow(/not a URL/);
  });
});
