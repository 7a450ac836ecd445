import { connect, type Socket } from 'node:net';
import { ConsoleCloseCode } from '@clan/contracts';
import type { WebSocket } from 'ws';

/** Output queued for the browser beyond this pauses reading from the VNC server until it drains. */
const HIGH_WATER = 4 * 1024 * 1024;

/**
 * Pipes a WebSocket to the VM's VNC server on its unix socket, byte for byte
 * (noVNC speaks RFB over binary frames). Each viewer gets its own VNC
 * connection; qemu shares the display between them.
 */
export function proxyVnc(ws: WebSocket, socketPath: string, onClose: () => void): void {
  const vnc: Socket = connect(socketPath);
  let closed = false;
  const finish = (code: number, reason: string) => {
    if (closed) return;
    closed = true;
    vnc.destroy();
    if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(code, reason);
    onClose();
  };
  let drainTimer: NodeJS.Timeout | null = null;
  vnc.on('data', (chunk: Buffer) => {
    if (ws.readyState !== ws.OPEN) return;
    ws.send(chunk, { binary: true });
    if (ws.bufferedAmount > HIGH_WATER && !drainTimer) {
      vnc.pause();
      drainTimer = setInterval(() => {
        if (ws.bufferedAmount < HIGH_WATER / 4 || ws.readyState !== ws.OPEN) {
          if (drainTimer) clearInterval(drainTimer);
          drainTimer = null;
          vnc.resume();
        }
      }, 20);
    }
  });
  vnc.on('error', (err: NodeJS.ErrnoException) =>
    finish(
      ConsoleCloseCode.DisplayGone,
      err.code === 'ENOENT' || err.code === 'ECONNREFUSED' ? 'The VM has no display now.' : 'The display connection failed.',
    ),
  );
  vnc.on('close', () => finish(ConsoleCloseCode.DisplayGone, 'The display went away (the VM stopped?).'));
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    // RFB is binary; a text frame from a VNC client is a protocol error.
    if (!isBinary) return finish(ConsoleCloseCode.ProtocolError, 'VNC consoles take binary frames only.');
    vnc.write(data);
  });
  ws.on('close', () => {
    if (drainTimer) clearInterval(drainTimer);
    finish(1000, '');
  });
}
