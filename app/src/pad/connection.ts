/**
 * One side of a pad: its Yjs document, kept in IndexedDB (y-indexeddb) so edits made offline
 * survive a reload, synced with the session's object by a small y-protocols provider over the
 * app's self-reconnecting socket (lib/liveSocket.ts). Why not y-partyserver: the server side is
 * the session's own Durable Object, InterviewSession, not a partyserver Server (durable/pad.ts).
 *
 * Offline, edits go on in the local document; on reconnect the server sends its state vector and
 * the provider answers with everything the server lacks, and the other way round, so both sides
 * merge without loss.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { createSignal } from 'solid-js';
import { IndexeddbPersistence } from 'y-indexeddb';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { PAD_CLOSE_ENDED, PAD_MESSAGE_AWARENESS, PAD_MESSAGE_SYNC, PAD_TEXT, type PadClientFrame, type PadServerFrame } from '../../../worker/schemas/pads';
import { LiveSocket } from '../lib/liveSocket';

/** Cursor colours, picked by name so each person keeps theirs across reloads. */
const COLOURS = ['#2563eb', '#db2777', '#059669', '#d97706', '#7c3aed', '#dc2626'];

function colourOf(name: string): string {
  let hash = 0;
  for (const ch of name) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return COLOURS[hash % COLOURS.length] ?? '#2563eb';
}

export interface PadConnection {
  doc: Y.Doc;
  text: Y.Text;
  awareness: awarenessProtocol.Awareness;
  /** Whether the socket is open now. */
  connected: () => boolean;
  /** Whether the local copy (IndexedDB) has loaded. */
  stored: () => boolean;
  sendJson(frame: PadClientFrame): boolean;
  destroy(): void;
}

export function connectPad(options: {
  /** The socket's path (with the candidate's token in the query). */
  path: () => string;
  /** The IndexedDB database the document is kept in on this device. */
  storeName: string;
  name: string;
  onFrame(frame: PadServerFrame): void;
  onEnded(): void;
  /** The socket dropped (not because the pad ended). */
  onDrop?: () => void;
}): PadConnection {
  const doc = new Y.Doc();
  const text = doc.getText(PAD_TEXT);
  const awareness = new awarenessProtocol.Awareness(doc);
  awareness.setLocalStateField('user', { name: options.name, color: colourOf(options.name), colorLight: `${colourOf(options.name)}33` });
  const [connected, setConnected] = createSignal(false);
  const [stored, setStored] = createSignal(false);
  const persistence = new IndexeddbPersistence(options.storeName, doc);
  void persistence.whenSynced.then(() => setStored(true));

  const provider = {};
  const message = (type: number, write: (encoder: encoding.Encoder) => void) => {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, type);
    write(encoder);
    return encoding.toUint8Array(encoder);
  };

  const socket: LiveSocket = new LiveSocket(
    options.path,
    (frame) => {
      const f = frame as PadServerFrame | { type: 'pong' };
      if (f.type === 'pong') return;
      if (f.type === 'ended') options.onEnded();
      options.onFrame(f);
    },
    (open, code) => {
      setConnected(open);
      if (open) return;
      // Cursors of the others are stale once we cannot hear them.
      awarenessProtocol.removeAwarenessStates(
        awareness,
        [...awareness.getStates().keys()].filter((id) => id !== doc.clientID),
        provider,
      );
      if (code === PAD_CLOSE_ENDED) options.onEnded();
      else options.onDrop?.();
    },
    {
      finalCodes: [PAD_CLOSE_ENDED],
      onOpen: () => {
        // Ask for what we lack, and tell the others where our cursor is.
        socket.sendNow(message(PAD_MESSAGE_SYNC, (e) => syncProtocol.writeSyncStep1(e, doc)));
        socket.sendNow(message(PAD_MESSAGE_AWARENESS, (e) => encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]))));
      },
      binary: (bytes) => {
        const decoder = decoding.createDecoder(bytes);
        const type = decoding.readVarUint(decoder);
        if (type === PAD_MESSAGE_SYNC) {
          const encoder = encoding.createEncoder();
          encoding.writeVarUint(encoder, PAD_MESSAGE_SYNC);
          syncProtocol.readSyncMessage(decoder, encoder, doc, provider);
          if (encoding.length(encoder) > 1) socket.sendNow(encoding.toUint8Array(encoder));
        } else if (type === PAD_MESSAGE_AWARENESS) {
          awarenessProtocol.applyAwarenessUpdate(awareness, decoding.readVarUint8Array(decoder), provider);
        }
      },
    },
  );

  const onUpdate = (update: Uint8Array, origin: unknown) => {
    if (origin === provider) return;
    socket.sendNow(message(PAD_MESSAGE_SYNC, (e) => syncProtocol.writeUpdate(e, update)));
  };
  doc.on('update', onUpdate);
  const onAwareness = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
    if (origin === provider) return;
    const changed = [...added, ...updated, ...removed];
    socket.sendNow(message(PAD_MESSAGE_AWARENESS, (e) => encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(awareness, changed))));
  };
  awareness.on('update', onAwareness);

  return {
    doc,
    text,
    awareness,
    connected,
    stored,
    sendJson: (frame) => socket.sendNow(JSON.stringify(frame)),
    destroy: () => {
      doc.off('update', onUpdate);
      awareness.off('update', onAwareness);
      awarenessProtocol.removeAwarenessStates(awareness, [doc.clientID], 'destroy');
      socket.close();
      awareness.destroy();
      void persistence.destroy();
      doc.destroy();
    },
  };
}
