import {
  bindingText,
  coldStartText,
  failureSentences,
  fieldMessage,
  hostNames,
  listWords,
  matrixCell,
  policyText,
  rotationPreview,
  stuckWithAllUp,
} from './unlock-format';
import { GARAGE, LAPTOP, NAS, PI, unlockOverview } from './unlock-fixtures';

const names = hostNames([NAS, GARAGE, PI, LAPTOP]);

describe('unlock words', () => {
  it('lists names like a sentence', () => {
    expect(listWords([])).toBe('');
    expect(listWords(['nas'])).toBe('nas');
    expect(listWords(['nas', 'pi'])).toBe('nas and pi');
    expect(listWords(['nas', 'garage', 'pi'])).toBe('nas, garage and pi');
  });

  it('says a policy as "t of pins: hosts + TPM", counting the TPM as a pin', () => {
    expect(policyText({ threshold: 2, tangHostIds: ['h-nas', 'h-garage', 'h-pi'], tpm: true }, names)).toBe(
      '2 of 4: nas, garage, pi + TPM',
    );
    expect(policyText({ threshold: 1, tangHostIds: [], tpm: true }, names)).toBe('1 of 1: TPM');
    expect(policyText({ threshold: 1, tangHostIds: ['h-gone-0001'], tpm: false }, names)).toBe('1 of 1: an unknown host (h-gone-0)');
  });

  it('reads a cell from bootsIfDown, the diagonal as the host itself, and a missing answer as unknown', () => {
    const [, garage] = unlockOverview().matrix.hosts;
    expect(matrixCell(garage, 'h-nas', names)).toEqual({
      kind: 'stuck',
      symbol: '✗',
      label: 'garage is stuck at the passphrase prompt while nas is down',
    });
    expect(matrixCell(garage, 'h-pi', names).kind).toBe('boots');
    expect(matrixCell(garage, 'h-garage', names).kind).toBe('self');
    expect(matrixCell(garage, 'h-elsewhere', names).kind).toBe('unknown');
    // An id named like an Object method is just an unknown column.
    expect(matrixCell(garage, 'constructor', names).kind).toBe('unknown');
  });

  it('turns ifHostFails into sentences, with what a power cut adds', () => {
    expect(failureSentences(unlockOverview().matrix.ifHostFails, names)).toEqual([
      'If nas fails, garage would be stuck at the passphrase prompt; after a power cut without nas, pi too.',
    ]);
    expect(failureSentences([{ hostId: 'h-nas', strands: [], strandsInColdStart: ['h-pi'] }], names)).toEqual([
      'If nas does not come back after a power cut, pi would be stuck at the passphrase prompt.',
    ]);
    expect(failureSentences([{ hostId: 'h-nas', strands: ['h-garage', 'h-pi'], strandsInColdStart: ['h-garage', 'h-pi'] }], names)).toEqual(
      ['If nas fails, garage and pi would be stuck at the passphrase prompt.'],
    );
  });

  it('plays the cold start in rounds', () => {
    expect(coldStartText({ rounds: [['h-garage'], ['h-pi']], stuck: ['h-laptop'], unmanaged: ['h-nas'] }, names)).toBe(
      'After a power cut: nas (no policy) comes up by itself or by hand; round 1 garage; round 2 pi; stuck: laptop.',
    );
    expect(coldStartText({ rounds: [], stuck: [], unmanaged: [] }, names)).toBe('After a power cut: stuck: none.');
  });

  it('names the hosts stuck even with every host up', () => {
    const rows = unlockOverview().matrix.hosts.map((r) => (r.hostId === 'h-pi' ? { ...r, bootsWithAllUp: false } : r));
    expect(stuckWithAllUp(rows, names)).toEqual(['pi']);
  });

  it('says whether the disk carries the policy', () => {
    expect(bindingText(null).label).toBe('No policy');
    expect(bindingText(PI.policy).label).toBe('Not bound');
    expect(bindingText(GARAGE.policy)).toMatchObject({ label: 'Bound', detail: 'Bound on /dev/sda2, slot 1.' });
    expect(bindingText({ ...GARAGE.policy!, bound: { ...GARAGE.policy!.bound!, current: false } }).label).toBe('Bound to an older policy');
  });

  it('predicts which bindings a rotation renews', () => {
    expect(rotationPreview('h-nas', [NAS, GARAGE, PI, LAPTOP])).toEqual({ rebinds: ['garage'], notBound: ['pi'] });
    expect(rotationPreview('h-laptop', [NAS, GARAGE, PI, LAPTOP])).toEqual({ rebinds: [], notBound: [] });
  });

  it('finds the API’s sentence for a field, also when it is prefixed', () => {
    const fields = [
      { field: 'body.threshold', message: 'Too many.' },
      { field: 'device', message: 'Not under /dev.' },
    ];
    expect(fieldMessage(fields, 'threshold')).toBe('Too many.');
    expect(fieldMessage(fields, 'device')).toBe('Not under /dev.');
    expect(fieldMessage(fields, 'tpm')).toBeNull();
  });
});
