import fc from 'fast-check';
import {
  formatNetworkLink,
  NetworkLinkError,
  networkLinkFlakeRef,
  networkLinkProblem,
  parseNetworkLink,
  type NetworkLink,
} from './network-link';

const CID_V0 = 'QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG';
const CID_V1 = 'bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi';

describe('parseNetworkLink: the seed examples', () => {
  it('parses nix://https-github.com/someorg/somerepo', () => {
    const link = parseNetworkLink('nix://https-github.com/someorg/somerepo');
    expect(link).toEqual({ kind: 'https', host: 'github.com', path: 'someorg/somerepo' });
    expect(networkLinkFlakeRef(link)).toBe('git+https://github.com/someorg/somerepo');
  });

  it('parses nix://ipfs-<hash> (CIDv0 and base32 CIDv1)', () => {
    expect(parseNetworkLink(`nix://ipfs-${CID_V0}`)).toEqual({ kind: 'ipfs', cid: CID_V0, path: '' });
    expect(parseNetworkLink(`nix://ipfs-${CID_V1}/net`)).toEqual({ kind: 'ipfs', cid: CID_V1, path: 'net' });
    expect(networkLinkFlakeRef(parseNetworkLink(`nix://ipfs-${CID_V0}`))).toBeNull();
  });

  it('parses nix://ygg-<address> and canonicalises the address', () => {
    expect(parseNetworkLink('nix://ygg-0200:0000:0000:0000:0000:0000:0000:0001/clan/family')).toEqual({
      kind: 'ygg',
      address: '200::1',
      path: 'clan/family',
    });
    expect(parseNetworkLink('nix://ygg-[21E:A51C:885B:7DB0:166E:927:98FA:D1D7]')).toEqual({
      kind: 'ygg',
      address: '21e:a51c:885b:7db0:166e:927:98fa:d1d7',
      path: '',
    });
    expect(networkLinkFlakeRef(parseNetworkLink('nix://ygg-200::1/repo'))).toBe('git+http://[200::1]/repo');
  });

  it('accepts a port, lower-cases the host and drops one trailing slash', () => {
    expect(parseNetworkLink('nix://https-Git.Example.org:8443/org/repo.git/')).toEqual({
      kind: 'https',
      host: 'git.example.org',
      port: 8443,
      path: 'org/repo.git',
    });
    expect(networkLinkFlakeRef(parseNetworkLink('nix://https-git.example.org:8443/r'))).toBe('git+https://git.example.org:8443/r');
  });

  it('keeps plain http for a panel served over http (its link and its flake reference)', () => {
    const link = parseNetworkLink('nix://http-panel.lan:8080/api/networks/n1/config.git');
    expect(link).toEqual({ kind: 'http', host: 'panel.lan', port: 8080, path: 'api/networks/n1/config.git' });
    expect(formatNetworkLink(link)).toBe('nix://http-panel.lan:8080/api/networks/n1/config.git');
    expect(networkLinkFlakeRef(link)).toBe('git+http://panel.lan:8080/api/networks/n1/config.git');
  });
});

describe('parseNetworkLink: malformed links', () => {
  it.each([
    ['it must start with "nix://"', 'https://github.com/a/b'],
    ['"" is not a known kind', 'nix://'],
    [
      '"ftp" is not a known kind; expected nix://https-github.com/someorg/somerepo, nix://ipfs-<CID> or nix://ygg-<address>',
      'nix://ftp-host/a',
    ],
    ['the kind must be followed by "-"', 'nix://https'],
    ['it names no host', 'nix://https-'],
    ['it names no host', 'nix://https-/a/b'],
    ['"bad_host" is not a host name', 'nix://https-bad_host/a'],
    ['its port "0" must be a number from 1 to 65535', 'nix://https-host:0/a'],
    ['its port "65536" must be a number from 1 to 65535', 'nix://https-host:65536/a'],
    ['its port "" must be a number from 1 to 65535', 'nix://https-host:/a'],
    ['its port "08" must be a number from 1 to 65535', 'nix://https-host:08/a'],
    ['is not a host name with an optional ":port"', 'nix://https-a:b:c/x'],
    ['its path has an empty segment', 'nix://https-host/a//b'],
    ['its path must not contain "." or ".." segments', 'nix://https-host/a/../b'],
    ['its path segment "a%20b" may only use', 'nix://https-host/a%20b'],
    ['it must not contain "?" or "#"', 'nix://https-host/a?ref=x'],
    ['it must not contain "?" or "#"', 'nix://https-host/a#x'],
    ['it must not contain spaces or line breaks', 'nix://https-host/a b'],
    ['it must not contain spaces or line breaks', 'nix://https-host/a\nb'],
    ['"Qm123" is not an IPFS content ID', 'nix://ipfs-Qm123'],
    ['"" is not an IPFS content ID', 'nix://ipfs-'],
    ['"fe80::1" is not a Yggdrasil address (those are in 200::/7)', 'nix://ygg-fe80::1'],
    ['is not a Yggdrasil address', 'nix://ygg-400::1'],
    ['"200:::1" is not an IPv6 address', 'nix://ygg-200:::1'],
    ['is not an IPv6 address', 'nix://ygg-200::1::2'],
    ['is not an IPv6 address', 'nix://ygg-1:2:3:4:5:6:7:8:9'],
    ['is not an IPv6 address', 'nix://ygg-200:1:2:3:4:5:6'],
    ['is not an IPv6 address', 'nix://ygg-200::12345'],
    ['is not an IPv6 address', 'nix://ygg-mumble.clan'],
    ['at most 2048 characters', `nix://https-h/${'a'.repeat(2100)}`],
  ])('rejects a link where %s', (why, text) => {
    expect(() => parseNetworkLink(text)).toThrow(NetworkLinkError);
    expect(networkLinkProblem(text)).toContain(why);
    expect(networkLinkProblem(text)).toMatch(/^The network link ".*" is not valid: .*\.$/s);
  });

  it('rejects non-strings', () => {
    expect(() => parseNetworkLink(42 as never)).toThrow('A network link must be a string.');
  });
});

describe('formatNetworkLink', () => {
  it('formats the seed examples', () => {
    expect(formatNetworkLink({ kind: 'https', host: 'github.com', path: 'someorg/somerepo' })).toBe(
      'nix://https-github.com/someorg/somerepo',
    );
    expect(formatNetworkLink({ kind: 'ipfs', cid: CID_V0, path: '' })).toBe(`nix://ipfs-${CID_V0}`);
    expect(formatNetworkLink({ kind: 'ygg', address: '0200:0:0:0:0:0:0:00ab', path: 'repo' })).toBe('nix://ygg-200::ab/repo');
  });

  it.each([
    [{ kind: 'https', host: 'a b', path: '' }, '"a b" is not a host name'],
    [{ kind: 'https', host: 'h', port: 0, path: '' }, 'the port must be a number from 1 to 65535'],
    [{ kind: 'https', host: 'h', path: '/abs' }, 'its path has an empty segment'],
    [{ kind: 'ipfs', cid: 'nope', path: '' }, '"nope" is not an IPFS content ID'],
    [{ kind: 'ygg', address: '10.0.0.1', path: '' }, 'is not an IPv6 address'],
    [{ kind: 'gopher', path: '' }, 'unknown kind "gopher"'],
  ])('rejects %j', (link, why) => {
    expect(() => formatNetworkLink(link as NetworkLink)).toThrow(why);
  });
});

describe('network links round-trip (property)', () => {
  const segment = fc.stringMatching(/^[A-Za-z0-9._~-]{1,12}$/).filter((s) => s !== '.' && s !== '..');
  const path = fc.array(segment, { maxLength: 4 }).map((s) => s.join('/'));
  const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?$/);
  const host = fc.array(label, { minLength: 1, maxLength: 4 }).map((l) => l.join('.'));
  const base58 = fc.constantFrom(...'123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz');
  const base32 = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz234567');
  const cid = fc.oneof(
    fc.string({ unit: base58, minLength: 44, maxLength: 44 }).map((s) => `Qm${s}`),
    fc.string({ unit: base32, minLength: 58, maxLength: 58 }).map((s) => `b${s}`),
  );
  /** Groups of a Yggdrasil address, biased towards zero runs so "::" compression is exercised. */
  const yggGroups = fc.tuple(
    fc.integer({ min: 0x200, max: 0x3ff }),
    fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 0xffff })), { minLength: 7, maxLength: 7 }),
  );
  const fullForm = (groups: number[]) => groups.map((g) => g.toString(16).padStart(4, '0')).join(':');

  const link: fc.Arbitrary<NetworkLink> = fc.oneof(
    fc
      .record({ kind: fc.constant('https' as const), host, port: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }), path })
      .map((l) => {
        if (l.port === undefined) delete (l as { port?: number }).port;
        return l;
      }),
    fc.record({ kind: fc.constant('ipfs' as const), cid, path }),
    fc.record({ kind: fc.constant('ygg' as const), groups: yggGroups, path }).map(({ groups: [first, rest], path }) => ({
      kind: 'ygg' as const,
      address: fullForm([first, ...rest]),
      path,
    })),
  );

  it('parse(format(link)) is the link, with the Yggdrasil address canonical', () => {
    fc.assert(
      fc.property(link, (l) => {
        const text = formatNetworkLink(l);
        const parsed = parseNetworkLink(text);
        if (l.kind === 'ygg') {
          expect(parsed.kind).toBe('ygg');
          // Same address: the canonical form expands back to the same groups.
          expect(formatNetworkLink({ ...l, address: (parsed as { address: string }).address })).toBe(text);
          expect((parsed as { address: string }).address).toMatch(/^[23][0-9a-f]{0,2}(:|$)/);
          expect((parsed as { address: string }).address).not.toMatch(/(^|:)0[0-9a-f]/);
          expect({ ...parsed, address: '' }).toEqual({ ...l, address: '' });
        } else {
          expect(parsed).toEqual(l);
        }
        // Canonical text is a fixed point.
        expect(formatNetworkLink(parsed)).toBe(text);
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws anything but NetworkLinkError on arbitrary text (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string().map((s) => `nix://${s}`),
          fc.constantFrom('https-', 'ygg-', 'ipfs-').chain((k) => fc.string().map((s) => `nix://${k}${s}`)),
        ),
        (text) => {
          try {
            parseNetworkLink(text);
          } catch (err) {
            expect(err).toBeInstanceOf(NetworkLinkError);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
