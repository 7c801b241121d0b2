import { LIVE_PING_INTERVAL_MS, PING_FRAME } from '../../../worker/schemas/limits';

/**
 * A WebSocket that keeps itself open: it pings on an interval (the server answers pings without
 * waking the session object) and reconnects with backoff after any drop. A pad (app/src/pad/)
 * also speaks binary frames on it (`binary`), and stops for good on a close code in `finalCodes`.
 */
export interface LiveSocketOptions {
  /** Binary frames, as bytes; text frames still go to `onMessage` as JSON. */
  binary?: (data: Uint8Array) => void;
  /** Each time a connection opens, before anything queued is sent. */
  onOpen?: () => void;
  /** Close codes after which the server will never take this socket again: no reconnect. */
  finalCodes?: readonly number[];
}

export class LiveSocket {
  private socket: WebSocket | null = null;
  private closed = false;
  private attempts = 0;
  private pinger: ReturnType<typeof setInterval> | undefined;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private lastSent: string | null = null;

  constructor(
    private readonly path: () => string,
    private readonly onMessage: (data: unknown) => void,
    private readonly onState: (connected: boolean, closeCode?: number) => void = () => {},
    private readonly options: LiveSocketOptions = {},
  ) {
    addEventListener('online', this.onOnline);
    this.connect();
  }

  /**
   * The network is back (the browser says so, or a request just got through): a socket that is
   * waiting out its backoff connects at once instead.
   */
  reconnectNow(): void {
    if (this.closed || this.retry === undefined) return;
    clearTimeout(this.retry);
    this.retry = undefined;
    this.attempts = 0;
    this.connect();
  }

  private readonly onOnline = () => this.reconnectNow();

  /** Sends now if connected; the last message is sent again after a reconnect. */
  send(message: unknown): void {
    this.lastSent = JSON.stringify(message);
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(this.lastSent);
  }

  /** Sends now if connected, and never again: what is lost offline is caught up by the caller's own sync. */
  sendNow(data: string | Uint8Array): boolean {
    if (this.socket?.readyState !== WebSocket.OPEN) return false;
    this.socket.send(data);
    return true;
  }

  get connected(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  close(): void {
    this.closed = true;
    removeEventListener('online', this.onOnline);
    clearInterval(this.pinger);
    clearTimeout(this.retry);
    this.socket?.close(1000, 'done');
  }

  private connect(): void {
    if (this.closed) return;
    const url = new URL(this.path(), location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(url);
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    socket.addEventListener('open', () => {
      this.attempts = 0;
      this.options.onOpen?.();
      this.onState(true);
      if (this.lastSent) socket.send(this.lastSent);
      clearInterval(this.pinger);
      this.pinger = setInterval(() => socket.readyState === WebSocket.OPEN && socket.send(PING_FRAME), LIVE_PING_INTERVAL_MS);
    });
    socket.addEventListener('message', (event) => {
      if (event.data instanceof ArrayBuffer) {
        this.options.binary?.(new Uint8Array(event.data));
        return;
      }
      try {
        this.onMessage(JSON.parse(String(event.data)));
      } catch {
        /* not ours to read */
      }
    });
    socket.addEventListener('close', (event) => {
      clearInterval(this.pinger);
      if (this.options.finalCodes?.includes(event.code)) this.closed = true;
      this.onState(false, event.code);
      if (this.closed) return;
      const delay = Math.min(15_000, 500 * 2 ** this.attempts++) * (0.5 + Math.random() / 2);
      this.retry = setTimeout(() => {
        this.retry = undefined;
        this.connect();
      }, delay);
    });
  }
}
