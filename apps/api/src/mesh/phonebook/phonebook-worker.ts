/**
 * The phonebook DNS responder as its own process (docs/phonebook.md): the
 * panel starts it inside the namespace its mesh interfaces live in (port 53
 * on the host's mesh addresses), sends it the zones over IPC, and restarts it
 * if it dies. A crash here never takes the API down, and the API being busy
 * never delays an answer. Exits when the panel goes away.
 */
import { PhonebookDnsServer, PhonebookTable } from '@clan/vpn';
import { reconcileListeners, serveWorker } from '../../services/process/worker-side';
import type { PhonebookListenSpec, PhonebookStateMessage, PhonebookWorkerMessage } from './phonebook-protocol';

const table = new PhonebookTable();
const server = new PhonebookDnsServer(table, {
  onError: (error, listener) => process.stderr.write(`phonebook ${listener.address}:${listener.port}: ${error.message}\n`),
});
const current = new Map<string, PhonebookListenSpec>();

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
  const errors = await reconcileListeners(current, state.listen, {
    listen: (l) => server.listen({ address: l.address, port: l.port, networks: l.networks }),
    unlisten: (l) => server.unlisten(l.address, l.port),
    changed: (now, next) => now.networks.join(',') !== next.networks.join(','),
  });
  send({ type: 'applied', seq: state.seq, listening: [...current.values()], errors });
}

serveWorker<PhonebookStateMessage>('phonebook', apply, () => server.close());
