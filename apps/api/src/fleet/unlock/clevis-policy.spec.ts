import { type ClevisPolicy, policyProblems, renderSssConfig, sssConfigText, type TangPinSource } from './clevis-policy';

const source = (hostId: string, enabled = true): TangPinSource => ({
  hostId,
  hostName: `host-${hostId}`,
  enabled,
  url: `http://10.98.0.${hostId.length}:7500`,
  thumbprints: [`thp-${hostId}`],
});
const fleet = new Map([source('a'), source('bb'), source('ccc'), source('off', false)].map((s) => [s.hostId, s]));
const policy = (p: Partial<ClevisPolicy>): ClevisPolicy => ({
  threshold: 2,
  tangHostIds: ['a', 'bb', 'ccc'],
  tpm: false,
  device: null,
  ...p,
});

describe('clevis policy', () => {
  it('renders the exact sss configuration, each Tang pin pinned to its thumbprint, the TPM as one more pin', () => {
    expect(sssConfigText(renderSssConfig(policy({ tpm: true }), fleet))).toBe(
      '{"t":2,"pins":{"tang":[{"url":"http://10.98.0.1:7500","thp":"thp-a"},{"url":"http://10.98.0.2:7500","thp":"thp-bb"},{"url":"http://10.98.0.3:7500","thp":"thp-ccc"}],"tpm2":{}}}',
    );
    expect(renderSssConfig(policy({ tangHostIds: [], tpm: true, threshold: 1 }), fleet)).toEqual({ t: 1, pins: { tpm2: {} } });
  });

  it('accepts a valid policy', () => {
    expect(policyProblems('h', policy({}), fleet)).toEqual([]);
    expect(policyProblems('h', policy({ threshold: 4, tpm: true, device: '/dev/nvme0n1p2' }), fleet)).toEqual([]);
  });

  it('answers each problem with a sentence naming the field', () => {
    expect(policyProblems('h', policy({ threshold: 4 }), fleet)).toEqual([
      { field: 'threshold', message: 'The threshold must be between 1 and the number of pins (3).' },
    ]);
    expect(policyProblems('h', policy({ threshold: 0, tpm: true }), fleet)[0].message).toContain('(4, the TPM counting as one)');
    expect(policyProblems('a', policy({}), fleet)).toEqual([
      {
        field: 'tangHostIds',
        message: 'A host cannot depend on its own Tang server: while its disk is locked, its Tang server is not running.',
      },
    ]);
    expect(policyProblems('h', policy({ tangHostIds: ['a', 'off'] }), fleet)[0].message).toBe(
      'Host host-off does not run a Tang server: enable it first.',
    );
    expect(policyProblems('h', policy({ tangHostIds: ['a', 'nope'] }), fleet)[0].message).toBe('No host of the fleet has the id nope.');
    expect(policyProblems('h', policy({ tangHostIds: ['a', 'a'] }), fleet)[0].field).toBe('tangHostIds');
    expect(policyProblems('h', policy({ tangHostIds: [], threshold: 1 }), fleet)[0].message).toBe(
      'A policy needs at least one pin: a Tang host or the TPM.',
    );
    expect(policyProblems('h', policy({ device: '/dev/sda; rm -rf /' }), fleet)[0].field).toBe('device');
  });

  it('refuses to render while a Tang host has not reported its keys', () => {
    const silent = new Map(fleet).set('a', { ...source('a'), thumbprints: [] });
    expect(() => renderSssConfig(policy({}), silent)).toThrow('The Tang server of host host-a has not reported its address and keys yet');
  });
});
