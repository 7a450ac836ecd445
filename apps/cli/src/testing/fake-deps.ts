import type { CliDeps } from '../app/context';

/**
 * Every dependency of the CLI for unit tests: output captured in `out`/`err`,
 * config under `configDir`, a fixed clock, no terminal, no prompts, no
 * WebSocket, and `fetch` (usually a fake panel) as given.
 */
export function fakeDeps(configDir: string, fetchImpl: typeof fetch, out: string[], err: string[], over: Partial<CliDeps> = {}): CliDeps {
  return {
    env: { XDG_CONFIG_HOME: configDir },
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    stdinIsTTY: false,
    stdoutIsTTY: false,
    prompt: async () => {
      throw new Error('no prompt expected');
    },
    readStdin: async () => '',
    readFile: async () => '',
    now: () => new Date('2025-11-23T12:00:00Z'),
    hostname: () => 'box',
    sleep: async () => undefined,
    fetch: fetchImpl,
    openEvents: () => Promise.reject(new Error('no WebSocket in this test')),
    ...over,
  };
}
