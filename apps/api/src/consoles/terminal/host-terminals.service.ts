import { randomUUID } from 'node:crypto';
import { ConsoleCloseCode } from '@clan/contracts';
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { Principal } from '../../common/authz/principal';
import { notFound } from '../../common/errors/domain-error';
import { APP_CONFIG, type AppConfig } from '../../services/config/app-config';
import { RecordingsService } from '../recordings/recordings.service';
import { HostShell } from './host-shell';
import { TerminalSession } from './terminal-session';

/** A shell nobody is connected to is hung up after this long (room to reconnect). */
const GRACE_MS = 60_000;

export interface HostSessionSummary {
  sessionId: string;
  startedAt: string;
  startedBy: string;
  shell: string;
  participants: ReturnType<TerminalSession['participants']>;
  recordingId: string | null;
}

interface HostSession {
  session: TerminalSession;
  shell: HostShell;
  startedAt: Date;
  startedBy: string;
  reaper: NodeJS.Timeout | null;
}

/**
 * Remote-support shells on the host (Sys.Terminal). A session can be joined
 * by others with its id (they all see one another); it lives while the shell
 * runs, and is hung up a minute after the last person left. Sessions live in
 * the panel process that started them.
 */
@Injectable()
export class HostTerminals implements OnModuleDestroy {
  private readonly logger = new Logger('HostTerminals');
  private readonly sessions = new Map<string, HostSession>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly recordings: RecordingsService,
  ) {}

  has(id: string): boolean {
    return this.sessions.has(id);
  }

  /** Starts a new shell; the caller joins it next. */
  create(starter: Principal): TerminalSession {
    const id = randomUUID();
    const shell = new HostShell({
      shell: this.config.consoles.terminalShell,
      env: this.config.hostCommandEnv,
      cwd: this.config.hostCommandEnv['HOME'] ?? '/',
    });
    const session = new TerminalSession(
      { kind: 'host', sessionId: id, title: `${starter.username}: shell on the host`, networkId: null, networkName: null, machine: null },
      shell,
      this.recordings,
      { record: 'alive' },
    );
    const entry: HostSession = { session, shell, startedAt: new Date(), startedBy: starter.username, reaper: null };
    this.sessions.set(id, entry);
    session.onEmpty = () => {
      entry.reaper = setTimeout(() => shell.kill(), GRACE_MS);
      entry.reaper.unref();
    };
    shell.on('exit', (code: number) => {
      if (entry.reaper) clearTimeout(entry.reaper);
      this.sessions.delete(id);
      void session.end(ConsoleCloseCode.SessionEnded, `The shell exited (code ${code}).`);
    });
    this.logger.log(`host shell ${id} started by ${starter.username} (pid ${shell.pid})`);
    return session;
  }

  /** A running session to join (its hang-up timer stops). */
  get(id: string): TerminalSession {
    const entry = this.sessions.get(id);
    if (!entry) throw notFound('Terminal session');
    if (entry.reaper) clearTimeout(entry.reaper);
    entry.reaper = null;
    return entry.session;
  }

  list(): HostSessionSummary[] {
    return [...this.sessions.entries()].map(([sessionId, e]) => ({
      sessionId,
      startedAt: e.startedAt.toISOString(),
      startedBy: e.startedBy,
      shell: e.shell.shell,
      participants: e.session.participants(),
      recordingId: e.session.recordingId,
    }));
  }

  async onModuleDestroy(): Promise<void> {
    const all = [...this.sessions.values()];
    this.sessions.clear();
    for (const e of all) {
      if (e.reaper) clearTimeout(e.reaper);
      e.shell.removeAllListeners('exit');
      e.shell.kill();
      await e.session.end(ConsoleCloseCode.ServerShutdown, 'The panel is shutting down.');
    }
  }
}
