import { isOnline, ONLINE_HANDSHAKE_SECONDS, parseWireGuardDump } from './dump';

// Shaped exactly as wireguard-tools prints it (tabs; "(none)" and "off" for absent values).
const DUMP = [
  ['sPRIVATEsPRIVATEsPRIVATEsPRIVATEsPRIVATEsPR=', 'aPUBLICaPUBLICaPUBLICaPUBLICaPUBLICaPUBLICa=', '51821', 'off'].join('\t'),
  [
    'bPEERbPEERbPEERbPEERbPEERbPEERbPEERbPEERbPE=',
    '(none)',
    '10.254.1.2:51820',
    '10.100.3.2/32,fd00::2/128',
    '1700000000',
    '1234',
    '5678',
    'off',
  ].join('\t'),
  ['cPEERcPEERcPEERcPEERcPEERcPEERcPEERcPEERcPE=', '(none)', '(none)', '10.100.3.3/32', '0', '0', '0', '25'].join('\t'),
].join('\n');

describe('parseWireGuardDump', () => {
  it('reads the interface and its peers, and keeps no private key', () => {
    const dump = parseWireGuardDump(DUMP + '\n');
    expect(dump.publicKey).toBe('aPUBLICaPUBLICaPUBLICaPUBLICaPUBLICaPUBLICa=');
    expect(dump.listenPort).toBe(51821);
    expect(JSON.stringify(dump)).not.toContain('sPRIVATE');
    expect(dump.peers).toEqual([
      {
        publicKey: 'bPEERbPEERbPEERbPEERbPEERbPEERbPEERbPEERbPE=',
        endpoint: '10.254.1.2:51820',
        allowedIps: ['10.100.3.2/32', 'fd00::2/128'],
        latestHandshake: 1700000000,
        rxBytes: 1234,
        txBytes: 5678,
        persistentKeepalive: null,
      },
      {
        publicKey: 'cPEERcPEERcPEERcPEERcPEERcPEERcPEERcPEERcPE=',
        endpoint: null,
        allowedIps: ['10.100.3.3/32'],
        latestHandshake: null,
        rxBytes: 0,
        txBytes: 0,
        persistentKeepalive: 25,
      },
    ]);
  });

  it('refuses what is not a dump, with the line', () => {
    expect(() => parseWireGuardDump('')).toThrow(/empty/);
    expect(() => parseWireGuardDump('a\tb')).toThrow(/line 1 has 2 fields/);
    expect(() => parseWireGuardDump(DUMP.replace('1700000000', 'soon'))).toThrow(/line 2: latest-handshake "soon"/);
  });

  it('calls a peer online only with a recent handshake', () => {
    expect(isOnline({ latestHandshake: null }, 1_700_000_000)).toBe(false);
    expect(isOnline({ latestHandshake: 1_700_000_000 }, 1_700_000_000 + ONLINE_HANDSHAKE_SECONDS)).toBe(true);
    expect(isOnline({ latestHandshake: 1_700_000_000 }, 1_700_000_000 + ONLINE_HANDSHAKE_SECONDS + 1)).toBe(false);
  });
});
