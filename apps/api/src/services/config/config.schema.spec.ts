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

describe('the managed VM network (CLAN_VM_NETWORK_CREATE)', () => {
  it('is off by default, and CLAN_VM_NETWORK alone names a network the panel does not touch', () => {
    expect(loadConfig({}, '/').managedVmNetwork).toBeUndefined();
    expect(loadConfig({ CLAN_VM_NETWORK: 'default' }, '/').managedVmNetwork).toBeUndefined();
  });

  it('names the network, its /24 (default 10.213.0.0/24) and the host address .1; the VMs get a NIC on it', () => {
    const c = loadConfig({ CLAN_VM_NETWORK: 'clan-vms', CLAN_VM_NETWORK_CREATE: 'true' }, '/');
    expect(c.managedVmNetwork).toEqual({ name: 'clan-vms', subnet: '10.213.0.0/24', gateway: '10.213.0.1' });
    expect(c.vmNic).toEqual({ type: 'network', network: 'clan-vms' });
    expect(
      loadConfig({ CLAN_VM_NETWORK: 'n', CLAN_VM_NETWORK_CREATE: 'yes', CLAN_VM_SUBNET: '192.168.77.0/24' }, '/').managedVmNetwork,
    ).toEqual({
      name: 'n',
      subnet: '192.168.77.0/24',
      gateway: '192.168.77.1',
    });
  });

  it('rejects a subnet that is not a /24 by its network address, and CREATE without a network name, in sentences', () => {
    expect(() => loadConfig({ CLAN_VM_SUBNET: '10.213.0.0/16' }, '/')).toThrow(/CLAN_VM_SUBNET: the VMs' NAT network: a \/24/);
    expect(() => loadConfig({ CLAN_VM_SUBNET: '10.213.0.9/24' }, '/')).toThrow(/CLAN_VM_SUBNET: .*10\.213\.0\.0\/24/);
    expect(() => loadConfig({ CLAN_VM_SUBNET: 'ten' }, '/')).toThrow(/CLAN_VM_SUBNET: .*an IPv4 subnet/);
    expect(() => loadConfig({ CLAN_VM_NETWORK_CREATE: 'true' }, '/')).toThrow(/CLAN_VM_NETWORK_CREATE: needs CLAN_VM_NETWORK/);
    expect(() => loadConfig({ CLAN_VM_NETWORK_CREATE: 'true', CLAN_VM_BRIDGE: 'br0', CLAN_VM_NETWORK: 'x' }, '/')).toThrow(/at most one/);
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
