import type { InferRequestType } from 'hono/client';
import type { IDBPDatabase } from 'idb';
import { ApiError, deviceApi, NetworkError, read } from './api';
import { sealPieces } from './recording-pieces';
import { type HoldfastDB, type OutboxItem, pending, type RecordingChunk } from './store';

export interface UploadStatus {
  /** Whether the last attempt to reach the server worked (and the browser thinks it is online). */
  online: boolean;
  /** Items not yet acknowledged, failed ones included. */
  pendingItems: number;
  bytesLeft: number;
  failedItems: number;
  /** Time the server last acknowledged something, for "saved" messages. */
  lastAckAt: number | null;
  /** Time the device went offline, when it is. */
  offlineSince: number | null;
  /** A segment is being recorded on this page: its pieces are saved as they come and sent in batches. */
  recording: boolean;
  /** Recent upload speed, from the media items sent lately; null until one was timed. */
  bytesPerSecond: number | null;
}

const MAX_BACKOFF_MS = 30_000;
const TIMER_MS = 15_000;
/**
 * While the server cannot be reached, how often the uploader tries again. A refused connection
 * costs the server nothing and the first request after a cut is a small one (the manifest, or
 * an answer), so it asks often: the network's return is noticed within a second. A busy server
 * (5xx, 429) gets the doubling backoff instead.
 */
export const RECONNECT_PROBE_MS = 1_000;

function backoff(attempts: number): number {
  const base = Math.min(MAX_BACKOFF_MS, 1_000 * 2 ** Math.min(attempts, 5));
  return base / 2 + Math.random() * (base / 2);
}

/**
 * The one uploader. It drains the outbox in creation order, one request at a time, and deletes an
 * item only when the server has acknowledged it as durable. It wakes on start, on `online`, on
 * `visibilitychange`, on a timer, on the service worker's Background Sync message, and whenever
 * something new is queued.
 */
export class Uploader {
  private draining = false;
  private again = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private listeners = new Set<(status: UploadStatus) => void>();
  private heldBySession = new Map<string, Set<string>>();
  /** Segments a recorder on this page is recording: their pieces wait to be sent in batches. */
  private recordingSegments = new Set<string>();
  status: UploadStatus = { online: true, pendingItems: 0, bytesLeft: 0, failedItems: 0, lastAckAt: null, offlineSince: null, recording: false, bytesPerSecond: null };

  constructor(
    private readonly db: IDBPDatabase<HoldfastDB>,
    private readonly tokenFor: (sessionId: string) => Promise<string | undefined>,
  ) {}

  start(): void {
    const wake = () => void this.drain();
    addEventListener('online', wake);
    addEventListener('offline', () => this.setOnline(false));
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') wake();
    });
    navigator.serviceWorker?.addEventListener('message', (event: MessageEvent) => {
      if ((event.data as { type?: string } | null)?.type === 'DRAIN_OUTBOX') wake();
    });
    void this.drain();
  }

  subscribe(listener: (status: UploadStatus) => void): () => void {
    this.listeners.add(listener);
    listener(this.status);
    return () => this.listeners.delete(listener);
  }

  /**
   * Something was queued. The status counts it before this returns (so no screen can say "all
   * saved" while it waits), then the uploader tries at once; Background Sync, where the browser
   * has it, is asked for an extra wake-up.
   */
  async kick(): Promise<void> {
    await this.refresh();
    void this.drain();
    void this.requestBackgroundSync();
  }

  private async requestBackgroundSync(): Promise<void> {
    try {
      const registration = await navigator.serviceWorker?.ready;
      await (registration as ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } })?.sync?.register('holdfast-outbox');
    } catch {
      /* Background Sync is only an extra wake-up */
    }
  }

  /**
   * A recorder on this page started (or stopped) a segment. While it records, it joins its own
   * pieces into upload chunks; once it stops (or on a page that never recorded it: the tab died)
   * the uploader joins whatever pieces are left.
   */
  recordingStarted(segmentId: string): void {
    this.recordingSegments.add(segmentId);
    this.setRecording();
  }

  recordingStopped(segmentId: string): void {
    this.recordingSegments.delete(segmentId);
    this.setRecording();
  }

  private setRecording(): void {
    const recording = this.recordingSegments.size > 0;
    if (recording === this.status.recording) return;
    this.status = { ...this.status, recording };
    this.emit();
  }

  /** Sessions whose manifest was read since the last time the network failed. */
  private compared = new Set<string>();

  /**
   * Reads what the session's Durable Object already holds, so that after a reconnect only what is
   * missing is sent: a chunk the server has is acknowledged locally without its bytes moving.
   */
  private async compare(sessionId: string): Promise<'compared' | 'unreachable' | 'busy'> {
    const token = await this.tokenFor(sessionId);
    if (!token) return 'unreachable';
    try {
      const manifest = await read(deviceApi(token).api.candidate.recordings.manifest.$get());
      const held = new Set<string>();
      for (const segment of manifest.segments) for (const chunk of segment.chunks) held.add(`${segment.segmentId}/${chunk.seq}/${chunk.sha256}`);
      this.heldBySession.set(sessionId, held);
      this.compared.add(sessionId);
      return 'compared';
    } catch (err) {
      if (err instanceof NetworkError) return 'unreachable';
      if (err instanceof ApiError && (err.status >= 500 || err.status === 429)) return 'busy';
      // A session the server no longer knows: send as usual and let each write say why.
      this.compared.add(sessionId);
      return 'compared';
    }
  }

  async drain(): Promise<void> {
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = true;
    clearTimeout(this.timer);
    try {
      do {
        this.again = false;
        await this.drainOnce();
      } while (this.again);
    } finally {
      this.draining = false;
      await this.refresh();
      if (this.status.pendingItems - this.status.failedItems > 0) this.timer = setTimeout(() => void this.drain(), this.nextDelay());
    }
  }

  private retryDelay = RECONNECT_PROBE_MS;
  private nextDelay(): number {
    return this.status.online ? TIMER_MS : Math.min(TIMER_MS, this.retryDelay);
  }

  /** Unreachable: probe again soon while the candidate is looking; hidden pages back off. */
  private unreachableDelay(attempts: number): number {
    return typeof document === 'undefined' || document.visibilityState === 'visible' ? RECONNECT_PROBE_MS : backoff(attempts);
  }

  private async drainOnce(): Promise<void> {
    const items = (await pending(this.db)).filter((item) => !item.failedWith);
    for (const item of items) {
      if (item.kind === 'recordingPiece') {
        const { segmentId } = item.body as { segmentId: string };
        // Its recorder sends it in batches; nothing made later depends on a piece still recording.
        if (this.recordingSegments.has(segmentId)) continue;
        // Nobody records it here (it stopped, or the tab that did died): send everything left.
        if ((await sealPieces(this.db, segmentId)) === 0) await this.db.delete('outbox', item.id);
        this.again = true;
        return;
      }
      if (item.kind === 'recordingChunk' && !this.compared.has(item.sessionId)) {
        const compared = await this.compare(item.sessionId);
        if (compared !== 'compared') {
          this.retryDelay = compared === 'busy' ? backoff(item.attempts + 1) : this.unreachableDelay(item.attempts + 1);
          this.setOnline(false);
          return;
        }
      }
      // Backoff is kept by the timer; a wake-up (online, visible, new item) always tries at once.
      const sentAt = Date.now();
      const outcome = await this.send(item);
      if (outcome === 'acked' && item.bytes > 0) this.timeUpload(item.bytes, Date.now() - sentAt);
      if (outcome === 'unreachable' || outcome === 'busy') {
        const attempts = item.attempts + 1;
        this.retryDelay = outcome === 'busy' ? backoff(attempts) : this.unreachableDelay(attempts);
        await this.db.put('outbox', { ...item, attempts, nextAttemptAt: Date.now() + this.retryDelay });
        // What reached the server before the drop is unknown: compare again on reconnect.
        this.compared.clear();
        this.setOnline(false);
        return; // in order: nothing after it goes before it
      }
      this.setOnline(true);
      await this.refresh();
    }
  }

  /**
   * Sends one item; on success removes it (and its media) in one transaction. `later` keeps the
   * item, neither failed nor offline: the server holds what it needs and asks to be asked again.
   */
  private async send(item: OutboxItem): Promise<'acked' | 'failed' | 'unreachable' | 'busy' | 'later'> {
    const token = await this.tokenFor(item.sessionId);
    if (!token) return 'unreachable';
    let missing: number[] | null = null;
    for (;;) {
      try {
        if (missing) await this.resendChunks(item, missing, token);
        if ((await this.deliver(item, token)) === 'later') return 'later';
        await this.acknowledge(item);
        return 'acked';
      } catch (err) {
        if (err instanceof NetworkError) return 'unreachable';
        if (!(err instanceof ApiError)) throw err;
        if (err.status === 429 || err.status >= 500) return 'busy';
        // The session already holds a final state for this (answered, completed): nothing to send.
        // After a take-home's deadline the server refuses new work (deadline_passed): it stays in
        // the device's own stores (answers, code logs), and is not sent again.
        if (err.status === 409 && ['already_answered', 'session_completed', 'segment_closed', 'deadline_passed'].includes(err.code)) {
          await this.acknowledge(item);
          return 'acked';
        }
        // The server lacks chunks of a segment it is asked to finish: their outbox items are gone,
        // but their bytes are still here (kept until assembly). Send those once more, then finish.
        if (!missing && err.status === 409 && err.code === 'chunks_missing' && item.kind === 'finishSegment') {
          missing = await this.locallyHeld(item, err.fields.missing);
          if (missing) continue;
        }
        await this.db.put('outbox', { ...item, failedWith: { status: err.status, code: err.code, message: err.message } });
        return 'failed';
      }
    }
  }

  /** The seqs the server named, when this device still holds every one of them. */
  private async locallyHeld(item: OutboxItem, named: string | undefined): Promise<number[] | null> {
    const { segmentId } = item.body as { segmentId: string };
    const seqs = (named ?? '').split(',').filter(Boolean).map(Number);
    const held = await Promise.all(seqs.map((seq) => this.db.getKey('recordingChunks', [segmentId, seq])));
    return seqs.length > 0 && held.every((key) => key !== undefined) ? seqs : null;
  }

  private async resendChunks(item: OutboxItem, seqs: number[], token: string): Promise<void> {
    const { segmentId } = item.body as { segmentId: string };
    for (const seq of seqs) {
      const chunk = await this.db.get('recordingChunks', [segmentId, seq]);
      if (chunk) await this.putChunk(chunk, token);
    }
  }

  /** `later`: a finish the server accepted but has not assembled yet (202 finishing). */
  private async deliver(item: OutboxItem, token: string): Promise<'done' | 'later'> {
    const candidate = deviceApi(token).api.candidate;
    // The outbox stores what the device queued for this route (see device.ts); IndexedDB keeps it as unknown.
    const recording = candidate.recordings[':segmentId'];
    switch (item.kind) {
      case 'recordingPiece':
        return 'later'; // never sent as it is: drainOnce joins pieces into chunks first
      case 'answer':
        await candidate.answers.$post({ json: item.body as InferRequestType<typeof candidate.answers.$post>['json'] });
        return 'done';
      case 'finishLater':
        await candidate['finish-later'].$post({ json: item.body as InferRequestType<(typeof candidate)['finish-later']['$post']>['json'] });
        return 'done';
      case 'complete':
        await candidate.complete.$post({ json: item.body as InferRequestType<typeof candidate.complete.$post>['json'] });
        return 'done';
      case 'finishSegment': {
        const body = item.body as InferRequestType<typeof recording.finish.$post>['json'] & { segmentId: string };
        const res = await recording.finish.$post({ param: { segmentId: encodeURIComponent(body.segmentId) }, json: body });
        // Every chunk is held and assembly waits for the session's alarm: keep the media until it is done.
        return res.status === 202 ? 'later' : 'done';
      }
      case 'codeEvents': {
        // Loaded only when a code question queued something: interviews without code never fetch it.
        const { sendCodeEvents } = await import('./code-log');
        await sendCodeEvents(this.db, item.sessionId, (item.body as { questionId: string }).questionId, token);
        return 'done';
      }
      case 'recordingChunk': {
        const { segmentId, seq } = item.body as { segmentId: string; seq: number };
        const chunk = await this.db.get('recordingChunks', [segmentId, seq]);
        if (!chunk) return 'done'; // already gone with its acknowledged segment
        if (this.heldBySession.get(item.sessionId)?.has(`${segmentId}/${seq}/${chunk.sha256}`)) return 'done';
        await this.putChunk(chunk, token);
        return 'done';
      }
      default:
        return item.kind satisfies never;
    }
  }

  private async putChunk(chunk: RecordingChunk, token: string): Promise<void> {
    // The chunk's bytes are the raw body; what they are travels in headers (see the route).
    await deviceApi(token).api.candidate.recordings[':segmentId'].chunks[':seq'].$put(
      { param: { segmentId: encodeURIComponent(chunk.segmentId), seq: String(chunk.seq) } },
      {
        headers: { 'content-type': 'application/octet-stream', 'x-answer-id': chunk.answerId, 'x-media-type': chunk.mimeType, 'x-chunk-sha256': chunk.sha256 },
        init: { body: chunk.data },
      },
    );
  }

  private async acknowledge(item: OutboxItem): Promise<void> {
    const tx = this.db.transaction(['outbox', 'recordingChunks'], 'readwrite', { durability: 'strict' });
    // A code log's item is removed by sendCodeEvents itself, in the transaction that saw nothing
    // left to send: an event recorded since re-created it under the same id, and it must stay.
    if (item.kind !== 'codeEvents') await tx.objectStore('outbox').delete(item.id);
    // Media stays on the device until its segment is assembled on the server: a take can still be
    // watched and continued locally, and the server can ask for any chunk again until then.
    if (item.kind === 'finishSegment') {
      const { segmentId } = item.body as { segmentId: string };
      const keys = await tx.objectStore('recordingChunks').index('bySegment').getAllKeys(segmentId);
      for (const key of keys) await tx.objectStore('recordingChunks').delete(key);
    }
    await tx.done;
    this.status = { ...this.status, lastAckAt: Date.now() };
  }

  /** A moving average, so one quick or slow request does not swing the estimate of what is left. */
  private timeUpload(bytes: number, ms: number): void {
    const rate = (bytes * 1000) / Math.max(ms, 1);
    const previous = this.status.bytesPerSecond;
    this.status = { ...this.status, bytesPerSecond: previous === null ? rate : previous * 0.7 + rate * 0.3 };
  }

  private setOnline(online: boolean): void {
    if (online === this.status.online) return;
    this.status = { ...this.status, online, offlineSince: online ? null : Date.now() };
    this.emit();
  }

  async refresh(): Promise<void> {
    const items = await pending(this.db);
    this.status = {
      ...this.status,
      pendingItems: items.length,
      bytesLeft: items.reduce((n, item) => n + item.bytes, 0),
      failedItems: items.filter((item) => item.failedWith).length,
    };
    this.emit();
  }

  private emit(): void {
    for (const listener of this.listeners) listener(this.status);
  }
}
