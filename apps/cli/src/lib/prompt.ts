import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';

/** Asks on the terminal. Questions go to stderr so stdout stays clean for --json. */
export type Prompt = (question: string, options?: { hidden?: boolean }) => Promise<string>;

/**
 * A readline prompt whose echo is switched off for hidden answers (passwords):
 * readline writes what is typed to `output`, which drops it while muted.
 */
export function terminalPrompt(input: NodeJS.ReadStream = process.stdin, output: NodeJS.WriteStream = process.stderr): Prompt {
  return (question, options = {}) =>
    new Promise((resolve, reject) => {
      let muted = false;
      const sink = new Writable({
        write(chunk, _enc, done) {
          if (!muted) output.write(chunk);
          done();
        },
      });
      const rl = createInterface({
        input,
        output: sink,
        terminal: Boolean(input.isTTY),
      });
      rl.on('SIGINT', () => {
        rl.close();
        output.write('\n');
        reject(new Error('Cancelled.'));
      });
      rl.question(question, (answer) => {
        rl.close();
        if (options.hidden) output.write('\n');
        resolve(answer);
      });
      muted = Boolean(options.hidden);
    });
}

/** Reads all of stdin: for --password-stdin dropping one trailing newline, or `exact` (files piped in). */
export async function readAllStdin(input: NodeJS.ReadableStream = process.stdin, exact = false): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  const text = Buffer.concat(chunks).toString('utf8');
  return exact ? text : text.replace(/\r?\n$/, '');
}
