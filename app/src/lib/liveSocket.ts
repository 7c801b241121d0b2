import { LIVE_PING_INTERVAL_MS, PING_FRAME } from '../../../worker/schemas/limits';

/**
 * A WebSocket that keeps itself open: it pings on an interval (the server answers pings without
 * waking the session object) and reconnects with backoff after any drop.
 */
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
    private readonly onState: (connected: boolean) => void = () => {},
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
    this.socket = socket;
    socket.addEventListener('open', () => {
      this.attempts = 0;
      this.onState(true);
      if (this.lastSent) socket.send(this.lastSent);
      clearInterval(this.pinger);
      this.pinger = setInterval(() => socket.readyState === WebSocket.OPEN && socket.send(PING_FRAME), LIVE_PING_INTERVAL_MS);
    });
    socket.addEventListener('message', (event) => {
      try {
        this.onMessage(JSON.parse(String(event.data)));
      } catch {
        /* not ours to read */
      }
    });
    socket.addEventListener('close', () => {
      clearInterval(this.pinger);
      this.onState(false);
      if (this.closed) return;
      const delay = Math.min(15_000, 500 * 2 ** this.attempts++) * (0.5 + Math.random() / 2);
      this.retry = setTimeout(() => {
        this.retry = undefined;
        this.connect();
      }, delay);
    });
  }
}
