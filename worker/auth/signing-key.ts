/**
 * The server's key for tags only this Worker can make: HMAC-SHA-256, with WebCrypto. It needs no
 * configuration: the first request that needs it stores a random 256-bit key in D1
 * (worker/db/signing-keys.ts) and every isolate reads back the same one, once, then keeps it in
 * module scope, so signing and checking cost no D1 query after an isolate's first.
 */
import { signingKeySecret } from '../db/signing-keys';
import { constantTimeEqual, fromBase64Url, randomToken, toBase64Url } from './tokens';

const KEY_NAME = 'device-token-v1';
/** 128 bits of HMAC-SHA-256, base64url: always 22 characters. */
const TAG_BYTES = 16;

let cachedKey: Promise<CryptoKey> | undefined;

function loadKey(db: D1Database): Promise<CryptoKey> {
  cachedKey ??= (async () => {
    const secret = fromBase64Url(await signingKeySecret(db, KEY_NAME, randomToken(32), Date.now()));
    if (!secret || secret.length < 32) throw new Error(`Signing key ${KEY_NAME} is malformed`);
    return crypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  })().catch((err: unknown) => {
    // A failed read is tried again by the next request, not remembered for the isolate's life.
    cachedKey = undefined;
    throw err;
  });
  return cachedKey;
}

async function mac(db: D1Database, payload: string): Promise<Uint8Array> {
  const signature = await crypto.subtle.sign('HMAC', await loadKey(db), new TextEncoder().encode(payload));
  return new Uint8Array(signature, 0, TAG_BYTES);
}

/** The tag of `payload` under the server's key. */
export async function signTag(db: D1Database, payload: string): Promise<string> {
  return toBase64Url(await mac(db, payload));
}

/** Whether `tag` is the server's tag of `payload`, compared in constant time. */
export async function verifyTag(db: D1Database, payload: string, tag: string): Promise<boolean> {
  const given = fromBase64Url(tag);
  if (!given || given.length !== TAG_BYTES) return false;
  return constantTimeEqual(given, await mac(db, payload));
}
