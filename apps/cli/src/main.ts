import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { runCli } from './app/program';
import { openTaskEvents } from './lib/events';
import { readAllStdin, terminalPrompt } from './lib/prompt';

runCli(process.argv.slice(2), {
  env: process.env,
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  stdinIsTTY: Boolean(process.stdin.isTTY),
  stdoutIsTTY: Boolean(process.stdout.isTTY),
  prompt: terminalPrompt(),
  readStdin: (options) => readAllStdin(process.stdin, options?.exact),
  readFile: (path) => readFile(path, 'utf8'),
  now: () => new Date(),
  hostname: () => hostname(),
  sleep: (ms) => sleep(ms),
  openEvents: (url, token, topic) => openTaskEvents(url, token, topic),
}).then(
  (code) => {
    // exitCode, not exit(): lets piped stdout flush before the process ends.
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error('clanctl: unexpected failure:', err);
    process.exitCode = 1;
  },
);
