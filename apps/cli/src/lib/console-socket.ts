import type { ConsoleClientMessage, ConsoleServerMessage } from '@clan/contracts';
import WebSocket from 'ws';
import { CliError, UnreachableError } from './errors';

/** One console WebSocket (docs/consoles.md): terminal bytes in binary frames, control messages as JSON text. */
export interface ConsoleSocket {
  onData(listener: (data: Buffer) => void): void;
  onControl(listener: (message: ConsoleServerMessage) => void): void;
  onClose(listener: (code: number, reason: string) => void): void;
  send(data: Buffer): void;
  control(message: ConsoleClientMessage): void;
  close(): void;
}

/** Opens a ticket's `url` on the panel; a refused handshake becomes a CliError with the panel's reason. */
export function openConsoleSocket(panelUrl: string, path: string, handshakeTimeoutMs = 10_000): Promise<ConsoleSocket> {
  const url = panelUrl.replace(/\/+$/, '').replace(/^http/, 'ws') + path;
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { handshakeTimeout: handshakeTimeoutMs });
    const data: Array<(d: Buffer) => void> = [];
    const control: Array<(m: ConsoleServerMessage) => void> = [];
    const closed: Array<(code: number, reason: string) => void> = [];
    ws.on('message', (raw: Buffer, isBinary: boolean) => {
      if (isBinary) {
        for (const l of data) l(raw);
        return;
      }
      let message: ConsoleServerMessage;
      try {
        message = JSON.parse(raw.toString('utf8')) as ConsoleServerMessage;
      } catch {
        return;
      }
      for (const l of control) l(message);
    });
    ws.on('close', (code, reason) => {
      for (const l of closed) l(code, reason.toString());
    });
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => reject(new CliError(`The panel refused the console (${res.statusCode}): ${body.trim() || res.statusMessage}`)));
    });
    ws.once('error', (err: NodeJS.ErrnoException) => reject(new UnreachableError(panelUrl, err.code ?? err.message)));
    ws.once('open', () =>
      resolve({
        onData: (l) => data.push(l),
        onControl: (l) => control.push(l),
        onClose: (l) => closed.push(l),
        send: (d) => ws.readyState === WebSocket.OPEN && ws.send(d, { binary: true }),
        control: (m) => ws.readyState === WebSocket.OPEN && ws.send(JSON.stringify(m)),
        close: () => ws.close(1000),
      }),
    );
  });
}
