/**
 * The panel inside the mesh as its own process (docs/vpn.md, "Device agent"):
 * started in the namespace the host's mesh interfaces live in, it listens on
 * the host's mesh addresses and hands every accepted TCP connection to the
 * panel over IPC (the socket itself, as a handle), where the panel's HTTP
 * server serves it like any other — the API and the agents' WebSocket, from
 * inside the mesh. It never reads a byte. Exits when the panel goes away.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { reconcileListeners, serveWorker } from '../../services/process/worker-side';
import type { DoorListenSpec, DoorStateMessage, DoorWorkerMessage } from './mesh-door-protocol';

const servers = new Map<string, Server>();
const current = new Map<string, DoorListenSpec>();
const key = (l: DoorListenSpec) => `${l.address}|${l.port}`;

function send(message: DoorWorkerMessage, socket?: Socket): void {
  // keepOpen false (the default): the worker's copy of the socket is closed once it is sent.
  if (socket) process.send?.(message, socket, {}, (error: Error | null) => error && socket.destroy());
  else process.send?.(message);
}

function listen(l: DoorListenSpec): Promise<void> {
  return new Promise((resolve, reject) => {
    // Paused: not one byte is read here, so the panel's HTTP parser sees the request from its start.
    const server = createServer({ pauseOnConnect: true }, (socket) => {
      if (!process.connected) return socket.destroy();
      send({ type: 'connection', address: l.address, port: l.port }, socket);
    });
    server.once('error', reject);
    server.listen({ host: l.address, port: l.port }, () => {
      server.off('error', reject);
      server.on('error', (error) => process.stderr.write(`door ${l.address}:${l.port}: ${error.message}\n`));
      servers.set(key(l), server);
      resolve();
    });
  });
}

function unlisten(l: DoorListenSpec): Promise<void> {
  const server = servers.get(key(l));
  servers.delete(key(l));
  return new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));
}

async function apply(state: DoorStateMessage): Promise<void> {
  const errors = await reconcileListeners(current, state.listen, { listen, unlisten });
  send({ type: 'applied', seq: state.seq, listening: [...current.values()], errors });
}

serveWorker<DoorStateMessage>('door', apply, async () => {
  await Promise.all([...current.values()].map(unlisten));
});
