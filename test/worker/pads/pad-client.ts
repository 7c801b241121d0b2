/** A pad client for worker tests: a Yjs document synced over a pad socket with y-protocols, as the browser's provider does. */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { expect } from 'vitest';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { PAD_MESSAGE_AWARENESS, PAD_MESSAGE_SYNC, PAD_TEXT } from '../../../worker/schemas/pads';
import { api } from '../support/helpers';

export interface PadClient {
  doc: Y.Doc;
  /** JSON text frames, in order. */
  frames: Record<string, unknown>[];
  /** Every frame received, as the bytes on the wire (text frames UTF-8 encoded). */
  wire: Uint8Array[];
  ws: WebSocket;
  closed: Promise<{ code: number; reason: string }>;
  text(): string;
  type(text: string): void;
  sendJson(frame: unknown): void;
  sendAwareness(clientId: number, clock: number, state: unknown): void;
  close(): Promise<void>;
}

export async function openPad(path: string, headers: Record<string, string> = {}): Promise<PadClient> {
  const res = await api(path, { headers: { upgrade: 'websocket', ...headers } });
  expect(res.status, `upgrade of ${path}: ${res.status === 101 ? '' : await res.clone().text()}`).toBe(101);
  const ws = res.webSocket;
  if (!ws) throw new Error('no WebSocket in the 101 answer');
  const doc = new Y.Doc();
  const frames: Record<string, unknown>[] = [];
  const wire: Uint8Array[] = [];
  let closedWith: (value: { code: number; reason: string }) => void = () => {};
  const closed = new Promise<{ code: number; reason: string }>((resolve) => (closedWith = resolve));
  const client: PadClient = {
    doc,
    frames,
    wire,
    ws,
    closed,
    text: () => doc.getText(PAD_TEXT).toString(),
    type: (text) => doc.getText(PAD_TEXT).insert(doc.getText(PAD_TEXT).length, text),
    sendJson: (frame) => ws.send(JSON.stringify(frame)),
    sendAwareness: (clientId, clock, state) => {
      const inner = encoding.createEncoder();
      encoding.writeVarUint(inner, 1);
      encoding.writeVarUint(inner, clientId);
      encoding.writeVarUint(inner, clock);
      encoding.writeVarString(inner, JSON.stringify(state));
      const outer = encoding.createEncoder();
      encoding.writeVarUint(outer, PAD_MESSAGE_AWARENESS);
      encoding.writeVarUint8Array(outer, encoding.toUint8Array(inner));
      ws.send(encoding.toUint8Array(outer));
    },
    close: async () => {
      ws.close(1000, 'done');
      await closed;
    },
  };
  doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin === client) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, PAD_MESSAGE_SYNC);
    syncProtocol.writeUpdate(encoder, update);
    ws.send(encoding.toUint8Array(encoder));
  });
  ws.addEventListener('message', (event) => {
    if (typeof event.data === 'string') {
      wire.push(new TextEncoder().encode(event.data));
      frames.push(JSON.parse(event.data) as Record<string, unknown>);
      return;
    }
    const bytes = new Uint8Array(event.data as ArrayBuffer);
    wire.push(bytes);
    const decoder = decoding.createDecoder(bytes);
    if (decoding.readVarUint(decoder) !== PAD_MESSAGE_SYNC) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, PAD_MESSAGE_SYNC);
    syncProtocol.readSyncMessage(decoder, encoder, doc, client);
    if (encoding.length(encoder) > 1) ws.send(encoding.toUint8Array(encoder));
  });
  (ws as WebSocket & { binaryType: string }).binaryType = 'arraybuffer';
  ws.addEventListener('close', (event) => closedWith({ code: event.code, reason: event.reason }));
  ws.accept();
  const hello = encoding.createEncoder();
  encoding.writeVarUint(hello, PAD_MESSAGE_SYNC);
  syncProtocol.writeSyncStep1(hello, doc);
  ws.send(encoding.toUint8Array(hello));
  return client;
}

/** Waits until `ready` holds, checking as frames arrive (10 s at most unless told: the suite shares two cores). */
export async function until(ready: () => boolean, what: string, ms = 10_000): Promise<void> {
  for (let i = 0; i < ms / 10; i++) {
    if (ready()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export const lastStatus = (client: PadClient) => client.frames.filter((f) => f.type === 'status').at(-1);
