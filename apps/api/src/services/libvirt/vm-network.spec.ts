import { buildNatNetworkXml, LibvirtClient, LibvirtFailedError, natNetworkSpec } from '@clan/libvirt-client';
import { Logger } from '@nestjs/common';
import { loadConfig } from '../config/config.schema';
import type { LibvirtService } from './libvirt.service';
import { VmNetworkService, vmNetworkProblem } from './vm-network';

let seq = 0;

describe('VmNetworkService on test:///default', () => {
  let client: LibvirtClient;
  let name: string;
  let warn: jest.SpyInstance;
  beforeEach(() => {
    client = new LibvirtClient({ uri: 'test:///default', session: true, commandTimeoutMs: 10_000 });
    name = `clan-vmnet-${process.pid}-${++seq}`;
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => {
    jest.restoreAllMocks();
    client.close();
  });

  const service = (env: Record<string, string> = {}) =>
    new VmNetworkService(
      loadConfig({ CLAN_VM_NETWORK: name, CLAN_VM_NETWORK_CREATE: 'true', CLAN_VM_SUBNET: '10.213.9.0/24', ...env }, '/'),
      { client } as unknown as LibvirtService,
    );

  it('defines, starts and autostarts the network, and VMs get a NIC on it', async () => {
    const s = service();
    expect(await s.nicForDefinition()).toEqual({ nic: { type: 'network', network: name }, problem: null });
    expect(await client.networkInfo(name)).toMatchObject({
      active: true,
      autostart: true,
      bridge: natNetworkSpec(name, '10.213.9.0/24').bridge,
    });
    expect(s.problem()).toBeNull();
  });

  it('makes it again before a definition when it went missing, and starts it when inactive', async () => {
    const s = service();
    await s.ensure();
    await client.removeNetwork(name);
    expect((await s.nicForDefinition()).nic).toBeDefined();
    expect(await client.networkInfo(name)).toMatchObject({ active: true, autostart: true });
    await client.removeNetwork(name);
    await client.defineNetworkXml(buildNatNetworkXml(natNetworkSpec(name, '10.213.9.0/24')));
    await s.ensure();
    expect(await client.networkInfo(name)).toMatchObject({ active: true, autostart: true });
  });

  it("leaves an administrator's different network as it is, warns once in a sentence, and still puts VMs on it", async () => {
    await client.defineNetworkXml(buildNatNetworkXml(natNetworkSpec(name, '10.213.10.0/24')));
    const s = service();
    await s.ensure();
    await s.ensure();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toMatch(
      new RegExp(
        `^The libvirt network ${name} exists and differs from what the panel would write \\(address 10\\.213\\.10\\.1/24 instead of 10\\.213\\.9\\.1/24; DHCP range`,
      ),
    );
    expect(await client.networkSummary(name)).toMatchObject({ ipv4: { address: '10.213.10.1', prefix: 24 } });
    expect(await client.networkInfo(name)).toMatchObject({ active: true, autostart: false });
    expect((await s.nicForDefinition()).nic).toEqual({ type: 'network', network: name });
  });

  it('takes a network defined and started by another process meanwhile as it is', async () => {
    const s = service();
    const real = client.networkInfo.bind(client);
    // The first look finds nothing; by the time the panel defines and starts it, someone else has.
    jest.spyOn(client, 'networkInfo').mockImplementationOnce(async () => {
      await client.defineNetworkXml(buildNatNetworkXml(natNetworkSpec(name, '10.213.9.0/24')));
      return null;
    });
    const start = client.startNetwork.bind(client);
    jest.spyOn(client, 'startNetwork').mockImplementationOnce(async (n) => {
      await start(n);
      await start(n);
    });
    expect(await s.nicForDefinition()).toEqual({ nic: { type: 'network', network: name }, problem: null });
    expect(await real(name)).toMatchObject({ active: true, autostart: true });
  });

  it('does nothing with the network when CLAN_VM_NETWORK_CREATE is off', async () => {
    const s = new VmNetworkService(loadConfig({ CLAN_VM_NETWORK: name }, '/'), { client } as unknown as LibvirtService);
    expect(await s.nicForDefinition()).toEqual({ nic: { type: 'network', network: name }, problem: null });
    expect(await client.networkInfo(name)).toBeNull();
  });
});

describe('VmNetworkService when the network cannot start', () => {
  it('gives VMs no NIC and keeps a sentence naming the package to install', async () => {
    const fail = new LibvirtFailedError(
      'start network clan-vms: …',
      "Failed to start network clan-vms; Unable to find 'dnsmasq' binary in $PATH",
    );
    const client = {
      networkInfo: jest.fn().mockResolvedValueOnce(null).mockResolvedValue({ active: false, autostart: false, persistent: true }),
      defineNetworkXml: jest.fn().mockResolvedValue(undefined),
      startNetwork: jest.fn().mockRejectedValue(fail),
      autostartNetwork: jest.fn(),
    };
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    const s = new VmNetworkService(loadConfig({ CLAN_VM_NETWORK: 'clan-vms', CLAN_VM_NETWORK_CREATE: 'true' }, '/'), {
      client,
    } as unknown as LibvirtService);
    const choice = await s.nicForDefinition();
    expect(choice.nic).toBeUndefined();
    expect(choice.problem).toBe(
      "The VMs' network clan-vms cannot start: dnsmasq is not installed (libvirt runs it for DHCP and DNS). " +
        'Install it (Debian: sudo apt-get install dnsmasq-base) and restart the panel; until then VMs get no network interface.',
    );
    expect(s.problem()).toBe(choice.problem);
    jest.restoreAllMocks();
  });

  it('says what libvirt said for other failures', () => {
    expect(vmNetworkProblem('n', new LibvirtFailedError('x', 'bridge clanvm1234 is in use'))).toBe(
      "The VMs' network n could not be set up (bridge clanvm1234 is in use); until it can, VMs get no network interface.",
    );
  });
});
