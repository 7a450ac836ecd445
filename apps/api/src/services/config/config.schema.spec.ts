import { ConfigError, loadConfig, parseRedisUrl } from './config.schema';

describe('loadConfig', () => {
  it('applies defaults and resolves the state directory against cwd', () => {
    const c = loadConfig({}, '/srv/panel');
    expect(c.port).toBe(8080);
    expect(c.stateDir).toBe('/srv/panel/.state');
    expect(c.databaseUrl).toBeUndefined();
    expect(c.redis).toEqual({ host: '127.0.0.1', port: 6379, password: undefined, db: undefined });
    expect(c.runWorkers).toBe(true);
  });

  it('lists every invalid variable in one error', () => {
    expect(() => loadConfig({ PORT: 'eighty', CLAN_SESSION_SECRET: 'short' }, '/')).toThrow(
      /PORT:[\s\S]*CLAN_SESSION_SECRET: must be at least 32 characters/,
    );
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ DATABASE_URL: '' }, '/').databaseUrl).toBeUndefined();
  });

  it('parses booleans strictly', () => {
    expect(loadConfig({ CLAN_RUN_WORKERS: 'false' }, '/').runWorkers).toBe(false);
    expect(() => loadConfig({ CLAN_RUN_WORKERS: 'maybe' }, '/')).toThrow(ConfigError);
  });
});

describe('parseRedisUrl', () => {
  it('understands unix sockets, passwords and databases', () => {
    expect(parseRedisUrl('unix:///run/clan/redis.sock')).toEqual({ path: '/run/clan/redis.sock' });
    expect(parseRedisUrl('redis://:s%40cret@10.0.0.2:6380/3')).toEqual({
      host: '10.0.0.2',
      port: 6380,
      password: 's@cret',
      db: 3,
    });
  });

  it('rejects other schemes with a clear message', () => {
    expect(() => parseRedisUrl('http://x')).toThrow(/unsupported scheme "http:"/);
  });
});
