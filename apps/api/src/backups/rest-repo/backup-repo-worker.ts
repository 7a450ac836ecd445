/**
 * The machines' backup repositories as their own process (docs/backups.md,
 * "Machine repositories"): the panel starts it inside the namespace its mesh
 * interfaces live in, sends it where to listen and the machines' password
 * verifiers over IPC, and restarts it if it dies. A multi-hour pack upload
 * never competes with the API's event loop, and a crash here never takes the
 * API down. Exits when the panel goes away.
 */
import { VerifierTable } from './rest-repo-auth';
import { RestRepoServer } from './rest-repo-server';
import type { BackupRepoListenSpec, BackupRepoStateMessage, BackupRepoWorkerMessage } from './backup-repo-protocol';

let server: RestRepoServer | null = null;
let root: string | null = null;
const key = (l: BackupRepoListenSpec) => `${l.address}|${l.port}`;
const current = new Map<string, BackupRepoListenSpec>();
let queue: Promise<void> = Promise.resolve();

function send(message: BackupRepoWorkerMessage): void {
  process.send?.(message);
}

async function apply(state: BackupRepoStateMessage): Promise<void> {
  const credentials = new VerifierTable(state.credentials);
  if (server && root !== state.root) {
    await server.close();
    server = null;
    current.clear();
  }
  if (!server) {
    root = state.root;
    server = new RestRepoServer({
      root: state.root,
      credentials,
      onError: (error, where) => process.stderr.write(`backup-repo ${where}: ${error.message}\n`),
    });
  }
  server.setCredentials(credentials);
  const wanted = new Map(state.listen.map((l) => [key(l), l]));
  for (const [k, l] of current) {
    if (wanted.has(k)) continue;
    await server.unlisten(l.address, l.port);
    current.delete(k);
  }
  const errors: { address: string; port: number; message: string }[] = [];
  for (const [k, l] of wanted) {
    if (current.has(k)) continue;
    try {
      await server.listen(l.address, l.port);
      current.set(k, l);
    } catch (error) {
      errors.push({ address: l.address, port: l.port, message: (error as Error).message });
    }
  }
  send({ type: 'applied', seq: state.seq, listening: [...current.values()], errors });
}

process.on('message', (message: BackupRepoStateMessage) => {
  if (message?.type !== 'state') return;
  queue = queue
    .then(() => apply(message))
    .catch((error: Error) => {
      process.stderr.write(`backup-repo: ${error.message}\n`);
    });
});
process.on('disconnect', () => {
  void (server?.close() ?? Promise.resolve()).finally(() => process.exit(0));
});
send({ type: 'ready' });
