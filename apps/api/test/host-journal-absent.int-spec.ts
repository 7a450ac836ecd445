import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setupAdmin } from './auth-helpers';
import { startTestPanel, type TestClient, type TestPanel } from './harness';

/** A host without journald: the real journalctl over a journal directory with no journal files in it. */
describe('the host journal on a host that keeps none', () => {
  let t: TestPanel;
  let admin: TestClient;
  let journalDir: string;

  beforeAll(async () => {
    journalDir = mkdtempSync(join(tmpdir(), 'clan-no-journal-'));
    t = await startTestPanel({ CLAN_JOURNAL_DIR: journalDir });
    admin = await setupAdmin(t);
  });
  afterAll(async () => {
    await t?.close();
    if (journalDir) rmSync(journalDir, { recursive: true, force: true });
  });

  it('answers an empty page that says there is no journal, not an empty one', async () => {
    const res = await admin.get('/api/host/journal');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      items: [],
      first: null,
      last: null,
      noJournal: expect.stringMatching(/^This host keeps no systemd journal \(journalctl found no journal files/),
    });
  });
});
