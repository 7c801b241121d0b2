import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy between the browser and the server that a test can cut and restore. Cutting it
 * drops every open connection (WebSockets and service-worker fetches too, which
 * `context.setOffline` does not) and refuses new ones, as a lost network does.
 */
export class CuttableProxy {
  private server: Server | null = null;
  private sockets = new Set<Socket>();
  /** Bytes that went from the browser to the server, for overhead measurements. */
  bytesUp = 0;
  bytesDown = 0;
  /** When on, what the browser sent, as text: a test looks for a request line in it. */
  record = false;
  sent = '';

  readonly port: number;
  private readonly targetPort: number;
  /** Optional uplink limit in bytes per second, to model a slow phone connection. */
  private readonly uplinkBytesPerSecond: number;

  // Plain fields rather than parameter properties: the bench runs this file with Node's type stripping.
  constructor(port: number, targetPort: number, uplinkBytesPerSecond = 0) {
    this.port = port;
    this.targetPort = targetPort;
    this.uplinkBytesPerSecond = uplinkBytesPerSecond;
  }

  get url(): string {
    return `http://localhost:${this.port}`;
  }

  async start(): Promise<void> {
    if (this.server) return;
    const server = createServer((client) => {
      const upstream = createConnection({ port: this.targetPort, host: '127.0.0.1' });
      this.track(client);
      this.track(upstream);
      client.on('data', (data) => {
        this.bytesUp += data.length;
        if (this.record) this.sent += data.toString('latin1');
        if (this.uplinkBytesPerSecond > 0) {
          client.pause();
          upstream.write(data);
          setTimeout(() => client.resume(), (data.length / this.uplinkBytesPerSecond) * 1000);
        } else upstream.write(data);
      });
      upstream.on('data', (data) => {
        this.bytesDown += data.length;
        client.write(data);
      });
      client.on('end', () => upstream.end());
      upstream.on('end', () => client.end());
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.server = server;
  }

  /** The network is gone: open connections die, new ones are refused. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
  }
}
