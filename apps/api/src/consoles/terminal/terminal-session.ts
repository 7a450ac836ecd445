import type { ConsoleParticipant, ConsoleState } from '@clan/contracts';
import { Logger } from '@nestjs/common';
import type { Principal } from '../../common/authz/principal';
import type { ActiveRecording, RecordingSubject, RecordingsService } from '../recordings/recordings.service';
import type { TerminalBackend } from './terminal-backend';
import type { Viewer } from './viewer';

/** Bounds a client's window size; xterm.js never asks for more. */
const MAX_COLS = 1000;
const MAX_ROWS = 500;

export interface SessionOptions {
  /** `viewed`: a recording per stretch of time someone is connected (serial consoles, which run anyway); `alive`: one for the session's whole life (host shells). */
  record: 'viewed' | 'alive';
}

/**
 * A terminal several people share: everyone sees the same output and
 * everyone's input reaches it, each sees who else is connected, and every
 * session is recorded (asciicast v2). The backend is a VM's serial console or
 * a host shell.
 */
export class TerminalSession {
  private readonly logger = new Logger('TerminalSession');
  private readonly viewers = new Map<Viewer, () => void>();
  /** Viewers still receiving their replay: control messages wait until their hello is out. */
  private readonly joining = new Set<Viewer>();
  private recording: ActiveRecording | null = null;
  private recordingStarting: Promise<ActiveRecording | null> | null = null;
  private readonly unsubscribe: Array<() => void> = [];
  private ended = false;
  /** Called when the last viewer left (the owner decides what that means). */
  onEmpty: (() => void) | null = null;

  constructor(
    readonly subject: RecordingSubject,
    readonly backend: TerminalBackend,
    private readonly recordings: RecordingsService,
    private readonly options: SessionOptions,
  ) {
    this.unsubscribe.push(
      backend.subscribe((chunk) => this.recording?.output(chunk)),
      backend.onStatus((state, message) => this.broadcast({ type: 'status', state, message })),
    );
  }

  get id(): string {
    return this.subject.sessionId;
  }

  get size(): number {
    return this.viewers.size;
  }

  get recordingId(): string | null {
    return this.recording?.id ?? null;
  }

  /** Everyone connected, one entry per user. */
  participants(): ConsoleParticipant[] {
    const byUser = new Map<string, ConsoleParticipant>();
    for (const v of this.viewers.keys()) {
      const seen = byUser.get(v.principal.userId);
      if (seen) {
        seen.connections++;
        if (v.joinedAt.toISOString() < seen.since) seen.since = v.joinedAt.toISOString();
      } else {
        byUser.set(v.principal.userId, {
          userId: v.principal.userId,
          username: v.principal.username,
          since: v.joinedAt.toISOString(),
          connections: 1,
        });
      }
    }
    return [...byUser.values()].sort((a, b) => a.since.localeCompare(b.since));
  }

  /**
   * Attaches a viewer: hello, the replay (from `since`, or the backend's
   * default), then live output with no byte lost or repeated in between.
   */
  async join(viewer: Viewer, since: number | null): Promise<void> {
    if (this.ended) throw new Error('session ended');
    const firstOfUser = ![...this.viewers.keys()].some((v) => v.principal.userId === viewer.principal.userId);
    // Hear live output from now on, held back until the replay is sent.
    const held: Array<[Buffer, number]> = [];
    let position = -1;
    const deliver = (chunk: Buffer, offset: number) => {
      if (position < 0) return void held.push([chunk, offset]);
      const end = offset + chunk.length;
      if (end <= position) return;
      viewer.sendData(offset < position ? chunk.subarray(position - offset) : chunk);
      position = end;
    };
    const unsubscribe = this.backend.subscribe(deliver);
    this.viewers.set(viewer, unsubscribe);
    this.joining.add(viewer);

    const recording = await this.ensureRecording(viewer.principal);
    if (!this.viewers.has(viewer)) return; // gone while the recording started
    if (firstOfUser) recording?.join(viewer.principal);
    const replay = await this.backend.replay(since);
    if (!this.viewers.has(viewer)) return;
    const { cols, rows } = this.backend.size();
    viewer.sendJson({
      type: 'hello',
      sessionId: this.id,
      kind: this.subject.kind,
      title: this.subject.title,
      recordingId: this.recordingId,
      offset: replay.from,
      cols,
      rows,
      state: this.backend.state(),
    });
    viewer.sendData(replay.data);
    position = replay.to;
    for (const [chunk, offset] of held.splice(0)) deliver(chunk, offset);
    viewer.sendJson({ type: 'replayed', offset: position });
    this.joining.delete(viewer);
    this.broadcastPresence();
  }

  leave(viewer: Viewer): void {
    const unsubscribe = this.viewers.get(viewer);
    if (!unsubscribe) return;
    unsubscribe();
    this.viewers.delete(viewer);
    this.joining.delete(viewer);
    const stillThere = [...this.viewers.keys()].some((v) => v.principal.userId === viewer.principal.userId);
    if (!stillThere) this.recording?.leave(viewer.principal);
    this.broadcastPresence();
    if (this.viewers.size === 0) {
      if (this.options.record === 'viewed') void this.stopRecording();
      this.onEmpty?.();
    }
  }

  input(data: Buffer): void {
    if (!this.ended) this.backend.write(data);
  }

  resize(cols: number, rows: number): void {
    const c = Math.max(1, Math.min(MAX_COLS, Math.floor(cols)));
    const r = Math.max(1, Math.min(MAX_ROWS, Math.floor(rows)));
    if (!this.backend.resize(c, r)) return;
    this.recording?.resize(c, r);
    this.broadcast({ type: 'resized', cols: c, rows: r });
  }

  status(state: ConsoleState, message: string): void {
    this.broadcast({ type: 'status', state, message });
  }

  /** Closes every viewer and the recording. */
  async end(code: number, reason: string): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    for (const [viewer, unsubscribe] of this.viewers) {
      unsubscribe();
      viewer.close(code, reason);
    }
    this.viewers.clear();
    for (const u of this.unsubscribe) u();
    await this.stopRecording();
  }

  /** Starts the recording with the first viewer (or joins the one starting); never fails the connection. */
  private ensureRecording(starter: Principal): Promise<ActiveRecording | null> {
    if (this.recording) return Promise.resolve(this.recording);
    this.recordingStarting ??= this.recordings
      .start(this.subject, starter, this.backend.size())
      .then(
        (r) => (this.recording = r),
        (err: unknown) => {
          this.logger.error(`could not start a recording of ${this.subject.title}: ${(err as Error).message}`);
          return null;
        },
      )
      .finally(() => (this.recordingStarting = null));
    return this.recordingStarting;
  }

  private async stopRecording(): Promise<void> {
    const starting = this.recordingStarting;
    if (starting) await starting;
    const r = this.recording;
    this.recording = null;
    await r?.finish().catch((e: unknown) => this.logger.warn(`finishing a recording failed: ${(e as Error).message}`));
  }

  private broadcastPresence(): void {
    this.broadcast({ type: 'presence', participants: this.participants() });
  }

  private broadcast(message: Parameters<Viewer['sendJson']>[0]): void {
    for (const v of this.viewers.keys()) if (!this.joining.has(v)) v.sendJson(message);
  }
}
