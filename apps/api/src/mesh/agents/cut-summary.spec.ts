import { cutSummary } from './cut-summary';

describe('cutSummary', () => {
  const cut = (online: number, applied: number, pending: string[], offline: string[], host = true) => ({
    host,
    online,
    applied,
    pending,
    offline,
  });

  it('counts online devices and offline ones, singular and plural', () => {
    expect(cutSummary(cut(6, 6, [], ['tv']))).toBe('Cut on 6 of 6 online devices, 1 offline (will be cut on reconnect).');
    expect(cutSummary(cut(1, 1, [], []))).toBe('Cut on 1 of 1 online device.');
    expect(cutSummary(cut(2, 1, ['phone'], ['a', 'b']))).toBe(
      'Cut on 1 of 2 online devices, 1 pending (phone), 2 offline (will be cut on reconnect).',
    );
  });

  it('says so when no device runs the agent, or none is online', () => {
    expect(cutSummary(cut(0, 0, [], []))).toBe('Cut on the host; no device runs the agent.');
    expect(cutSummary(cut(0, 0, [], [], false))).toBe('No device runs the agent. The host interface did not apply it.');
    expect(cutSummary(cut(0, 0, [], [], false), 'Cut', false)).toBe('No device runs the agent, and the host runs no interface.');
    expect(cutSummary(cut(1, 1, [], [], false), 'Cut', false)).toBe('Cut on 1 of 1 online device.');
    expect(cutSummary(cut(0, 0, [], ['tv']))).toBe('No device with the agent is online, 1 offline (will be cut on reconnect).');
  });

  it('words an unblock as applied', () => {
    expect(cutSummary(cut(2, 2, [], ['tv']), 'Applied')).toBe('Applied on 2 of 2 online devices, 1 offline (will get it on reconnect).');
  });
});
