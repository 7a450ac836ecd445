import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import type { AppConfig } from '../../services/config/app-config';
import { CommandError, type ProcessRunner } from '../../services/process/process-runner';
import { JournalService, NO_JOURNAL_FILES, NO_JOURNALCTL } from './journal.service';

const ENTRY = JSON.stringify({ __CURSOR: 's=1;i=1', __REALTIME_TIMESTAMP: '1700000000000000', MESSAGE: 'hello', PRIORITY: '6' });

/** journalctl as the host has it: installed or not, with some output, and what `--header` says. */
class FakeJournalctl {
  installed = true;
  output = '';
  stderr = '';
  header = { stdout: '', stderr: 'No journal files were found.\n' };
  readonly calls: string[][] = [];

  start(_cmd: string, args: readonly string[]) {
    this.calls.push([...args]);
    const child = Object.assign(new EventEmitter(), { stdout: new PassThrough(), stderr: new PassThrough(), kill: () => true });
    setImmediate(() => {
      if (!this.installed) {
        child.emit('error', new CommandError('journalctl is not installed (install the Debian package systemd)', null, '', true));
        return;
      }
      child.stdout.end(this.output);
      child.stderr.end(this.stderr);
      setImmediate(() => child.emit('close', 0));
    });
    return child;
  }

  async run(_cmd: string, args: readonly string[]) {
    this.calls.push([...args]);
    return { ...this.header, code: 0 };
  }
}

const config = { hostCommandEnv: { PATH: '/usr/bin' }, consoles: { journalDir: undefined } } as unknown as AppConfig;
const service = (j: FakeJournalctl) => new JournalService(config, j as unknown as ProcessRunner);

describe('JournalService: a host without a journal', () => {
  it('says so when journalctl is not installed', async () => {
    const j = new FakeJournalctl();
    j.installed = false;
    expect(await service(j).page({}, { limit: 10 })).toEqual({ items: [], first: null, last: null, noJournal: NO_JOURNALCTL });
  });

  it('says so when journalctl finds no journal files', async () => {
    const j = new FakeJournalctl();
    const page = await service(j).page({}, { limit: 10 });
    expect(page).toEqual({ items: [], first: null, last: null, noJournal: NO_JOURNAL_FILES });
    expect(page.noJournal).toMatch(/^This host keeps no systemd journal \(/);
    expect(j.calls.at(-1)).toEqual(['--header']);
  });

  it('tells an empty (or filtered-away) journal from none', async () => {
    const j = new FakeJournalctl();
    j.header = { stdout: 'File path: /var/log/journal/x/system.journal\n', stderr: '' };
    expect((await service(j).page({ unit: 'nope.service' }, { limit: 10 })).noJournal).toBeNull();
  });

  it('does not look further when there are entries, nor for a page past the end', async () => {
    const j = new FakeJournalctl();
    j.output = ENTRY + '\n';
    const page = await service(j).page({}, { limit: 10 });
    expect(page).toMatchObject({ first: 's=1;i=1', last: 's=1;i=1', noJournal: null });
    expect(page.items.map((e) => e.message)).toEqual(['hello']);
    j.output = '';
    expect((await service(j).page({}, { after: 's=1;i=1', limit: 10 })).noJournal).toBeNull();
    expect(j.calls.filter((a) => a.includes('--header'))).toEqual([]);
  });
});
