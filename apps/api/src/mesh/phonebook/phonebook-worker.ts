/**
 * The phonebook DNS responder as its own process (docs/phonebook.md): the
 * panel starts it inside the namespace its mesh interfaces live in (port 53
 * on the host's mesh addresses), sends it the zones over IPC, and restarts it
 * if it dies. A crash here never takes the API down, and the API being busy
 * never delays an answer. Exits when the panel goes away.
 */
import { PhonebookDnsServer, PhonebookTable } from '@clan/vpn';
import type { PhonebookListenSpec, PhonebookStateMessage, PhonebookWorkerMessage } from './phonebook-protocol';

const table = new PhonebookTable();
const server = new PhonebookDnsServer(table, {
  onError: (error, listener) => process.stderr.write(`phonebook ${listener.address}:${listener.port}: ${error.message}\n`),
});
const key = (l: { address: string; port: number }) => `${l.address}|${l.port}`;
const current = new Map<string, PhonebookListenSpec>();
let queue: Promise<void> = Promise.resolve();

function send(message: PhonebookWorkerMessage): void {
  process.send?.(message);
}

async function apply(state: PhonebookStateMessage): Promise<void> {
  const zones = new Set(state.zones.map((z) => z.network));
  for (const network of table.networkNames()) if (!zones.has(network)) table.removeNetwork(network);
  for (const zone of state.zones) {
    try {
      table.replaceNetwork(zone.network, zone.devices);
    } catch (error) {
      process.stderr.write(`phonebook: zone ${zone.network}: ${(error as Error).message}\n`);
    }
  }
  const wanted = new Map(state.listen.map((l) => [key(l), l]));
  for (const [k, l] of current) {
    const w = wanted.get(k);
    if (!w || w.networks.join(',') !== l.networks.join(',')) {
      await server.unlisten(l.address, l.port);
      current.delete(k);
    }
  }
  const errors: { address: string; port: number; message: string }[] = [];
  for (const [k, l] of wanted) {
    if (current.has(k)) continue;
    try {
      await server.listen({ address: l.address, port: l.port, networks: l.networks });
      current.set(k, l);
    } catch (error) {
      errors.push({ address: l.address, port: l.port, message: (error as Error).message });
    }
  }
  send({ type: 'applied', seq: state.seq, listening: [...current.values()], errors });
}

process.on('message', (message: PhonebookStateMessage) => {
  if (message?.type !== 'state') return;
  queue = queue
    .then(() => apply(message))
    .catch((error: Error) => {
      process.stderr.write(`phonebook: ${error.message}\n`);
    });
});
process.on('disconnect', () => {
  void server.close().finally(() => process.exit(0));
});
send({ type: 'ready' });
