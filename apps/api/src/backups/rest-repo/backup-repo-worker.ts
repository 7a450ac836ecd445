/**
 * The machines' backup repositories as their own process (docs/backups.md,
 * "Machine repositories"): the panel starts it inside the namespace its mesh
 * interfaces live in, sends it where to listen and the machines' password
 * verifiers over IPC, and restarts it if it dies. A multi-hour pack upload
 * never competes with the API's event loop, and a crash here never takes the
 * API down. Exits when the panel goes away.
 */
import { reconcileListeners, serveWorker } from '../../services/process/worker-side';
import { VerifierTable } from './rest-repo-auth';
import { RestRepoServer } from './rest-repo-server';
import type { BackupRepoListenSpec, BackupRepoStateMessage, BackupRepoWorkerMessage } from './backup-repo-protocol';

let server: RestRepoServer | null = null;
let root: string | null = null;
const current = new Map<string, BackupRepoListenSpec>();

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
  const s = server;
  const errors = await reconcileListeners(current, state.listen, {
    listen: (l) => s.listen(l.address, l.port),
    unlisten: (l) => s.unlisten(l.address, l.port),
  });
  send({ type: 'applied', seq: state.seq, listening: [...current.values()], errors });
}

serveWorker<BackupRepoStateMessage>('backup-repo', apply, () => server?.close() ?? Promise.resolve());
