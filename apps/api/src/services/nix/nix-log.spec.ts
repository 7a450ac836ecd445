import { derivationName, NixLogParser, plain, summarizeNixError } from './nix-log';

// Recorded from `nix build --log-format internal-json -v` (Nix 2.8) building the test system.
const RECORDED = [
  '@nix {"action":"start","id":41115721924608,"level":4,"text":"copying \'/tmp/vm/ts\'","type":0}',
  '@nix {"action":"stop","id":41115721924608}',
  '@nix {"action":"msg","level":4,"msg":"evaluating file \'/nix/store/dw6pmgla0jqnc69rc5jkxv1fc4vbs7vb-source/flake.nix\'"}',
  '@nix {"action":"start","id":41115721924609,"level":0,"text":"","type":102}',
  '@nix {"action":"start","id":41115721924610,"level":0,"text":"","type":104}',
  '@nix {"action":"start","id":41115721924611,"level":0,"text":"","type":103}',
  '@nix {"action":"result","fields":[0,1,0,0],"id":41115721924610,"type":105}',
  '@nix {"action":"result","fields":[0,0,0,0],"id":41115721924611,"type":105}',
  '@nix {"action":"result","fields":[101,0],"id":41115721924609,"type":106}',
  '@nix {"action":"start","fields":["/nix/store/hdcd6nrf57d6svnxj09s22ihkj6q9y3a-clan-test-system-zeta-2.drv","",1,1],"id":41115721924613,"level":3,"text":"building \'/nix/store/hdcd6nrf57d6svnxj09s22ihkj6q9y3a-clan-test-system-zeta-2.drv\'","type":105}',
  '@nix {"action":"result","fields":["packing initrd"],"id":41115721924613,"type":101}',
  '@nix {"action":"result","fields":[0,1,1,0],"id":41115721924610,"type":105}',
  '@nix {"action":"result","fields":[1,1,0,0],"id":41115721924610,"type":105}',
  '@nix {"action":"stop","id":41115721924613}',
  '@nix {"action":"stop","id":41115721924610}',
];

describe('NixLogParser', () => {
  it('turns the Builds activity into done/expected progress and names the current derivation', () => {
    const p = new NixLogParser();
    const events = RECORDED.flatMap((l) => p.feed(l));
    const progress = events.flatMap((e) => (e.kind === 'progress' ? [e.progress] : []));
    expect(progress[0]).toMatchObject({ done: 0, expected: 1 });
    expect(progress.at(-1)).toMatchObject({ done: 1, expected: 1, running: 0, current: 'clan-test-system-zeta-2' });
    // The CopyPaths activity's [0,0,0,0] never resets the build counts.
    expect(progress.every((x) => x.expected === 1)).toBe(true);
    const logs = events.flatMap((e) => (e.kind === 'log' ? [e.text] : []));
    expect(logs).toContain("evaluating file '/nix/store/dw6pmgla0jqnc69rc5jkxv1fc4vbs7vb-source/flake.nix'");
    expect(logs).toContain('clan-test-system-zeta-2> packing initrd');
    expect(logs.some((l) => l.startsWith("building '/nix/store/"))).toBe(true);
  });

  it('keeps the last error sentence, without colour codes, and treats warnings as warnings', () => {
    const p = new NixLogParser();
    const warn = p.feed('@nix {"action":"msg","level":0,"msg":"warning: Git tree \'/x\' is dirty"}');
    expect(warn).toEqual([{ kind: 'log', level: 'warn', text: "warning: Git tree '/x' is dirty" }]);
    expect(p.lastError).toBeNull();
    const err = p.feed(
      '@nix {"action":"msg","level":0,"msg":"\\u001b[31;1merror:\\u001b[0m attribute \'\\u001b[35;1mnope\\u001b[0m\' missing"}',
    );
    expect(err[0]).toMatchObject({ kind: 'log', level: 'error' });
    expect(p.lastError).toBe("attribute 'nope' missing");
  });

  it('passes through lines that are not JSON log entries', () => {
    const p = new NixLogParser();
    expect(p.feed('plain text line')).toEqual([{ kind: 'log', level: 'info', text: 'plain text line' }]);
    expect(p.feed('@nix {not json')).toEqual([{ kind: 'log', level: 'info', text: '{not json' }]);
    expect(p.feed('')).toEqual([]);
  });

  it('names derivations and strips colours', () => {
    expect(derivationName('/nix/store/hdcd6nrf57d6svnxj09s22ihkj6q9y3a-clan-test-system-zeta-2.drv')).toBe('clan-test-system-zeta-2');
    expect(plain('\u001b[1mbold\u001b[0m')).toBe('bold');
  });

  it('summarizes an error to its innermost error line, never the --show-trace hint', () => {
    const text =
      "error: failed to fetch input 'clan':\n       … while fetching the input 'git+https://git.clan.invalid/clan'\n\n" +
      "       error: program 'git' failed with exit code 128: fatal: unable to access 'https://git.clan.invalid/clan/': Could not resolve host\n" +
      "(use '--show-trace' to show detailed location information)";
    expect(summarizeNixError(text)).toBe(
      "program 'git' failed with exit code 128: fatal: unable to access 'https://git.clan.invalid/clan/': Could not resolve host",
    );
    expect(summarizeNixError("(use '--show-trace' to show detailed location information)")).toBeNull();
    const p = new NixLogParser();
    p.feed(`@nix ${JSON.stringify({ action: 'msg', level: 0, msg: "error: attribute 'alpha' missing" })}`);
    p.feed(`@nix ${JSON.stringify({ action: 'msg', level: 0, msg: "(use '--show-trace' to show detailed location information)" })}`);
    expect(p.lastError).toBe("attribute 'alpha' missing");
  });
});
