import { PRIORITIES, appendEntries, journalSource, prependEntries, priorityName, priorityTone } from './journal';

const e = (cursor: string) => ({ cursor });

describe('journal priorities', () => {
  it('names the eight syslog priorities by their number', () => {
    expect(PRIORITIES.map((p) => p.name)).toEqual(['emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug']);
    expect(PRIORITIES.map((p) => p.value)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(priorityName(3)).toBe('err');
    expect(priorityName(6)).toBe('info');
    expect(priorityName(null)).toBe('—');
    expect(priorityName(9)).toBe('—');
  });

  it('colours errors and worse red, warnings amber, notices blue, the rest quiet', () => {
    expect([0, 1, 2, 3].map(priorityTone)).toEqual(['danger', 'danger', 'danger', 'danger']);
    expect(priorityTone(4)).toBe('warn');
    expect(priorityTone(5)).toBe('info');
    expect(priorityTone(6)).toBe('muted');
    expect(priorityTone(7)).toBe('muted');
    expect(priorityTone(null)).toBe('muted');
  });
});

describe('journalSource', () => {
  it('shows the unit, else the identifier, with the pid', () => {
    expect(journalSource({ unit: 'nginx.service', identifier: 'nginx', pid: 42 })).toBe('nginx.service[42]');
    expect(journalSource({ unit: null, identifier: 'kernel', pid: null })).toBe('kernel');
    expect(journalSource({ unit: null, identifier: null, pid: null })).toBe('—');
  });
});

describe('appendEntries', () => {
  it('appends newer entries once each', () => {
    const { items, dropped } = appendEntries([e('a'), e('b')], [e('b'), e('c'), e('c'), e('d')], 10);
    expect(items.map((x) => x.cursor)).toEqual(['a', 'b', 'c', 'd']);
    expect(dropped).toBe(0);
  });

  it('keeps at most `cap` entries, dropping the oldest', () => {
    const shown = Array.from({ length: 5 }, (_, i) => e(`s${i}`));
    const { items, dropped } = appendEntries(shown, [e('n1'), e('n2'), e('n3')], 6);
    expect(items.map((x) => x.cursor)).toEqual(['s2', 's3', 's4', 'n1', 'n2', 'n3']);
    expect(dropped).toBe(2);
  });

  it('leaves the list as it was when nothing new came', () => {
    const shown = [e('a')];
    const { items, dropped } = appendEntries(shown, [e('a')]);
    expect(items).toEqual(shown);
    expect(dropped).toBe(0);
  });
});

describe('prependEntries', () => {
  it('puts older entries in front, skipping any already shown', () => {
    expect(prependEntries([e('c'), e('d')], [e('a'), e('b'), e('c')]).map((x) => x.cursor)).toEqual(['a', 'b', 'c', 'd']);
  });
});
