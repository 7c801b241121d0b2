/**
 * Password hashing with PBKDF2-SHA-256 through WebCrypto: the slow KDF Workers offer natively.
 * Only WebCrypto is used, so Node scripts (the demo seed) call the same functions.
 *
 * Stored form: `pbkdf2-sha256$<iterations>$<salt>$<hash>` (base64url). The iteration count is
 * part of the record, so raising PBKDF2_ITERATIONS later only needs a rehash at the next login
 * (see `needsRehash`).
 */
import { constantTimeEqual, fromBase64Url, toBase64Url } from './tokens';

/** Workers refuse PBKDF2 above 100,000 iterations (NotSupportedError), so this is the ceiling. */
const PBKDF2_ITERATIONS = 100_000;
const ALGORITHM = 'pbkdf2-sha256';
const SALT_BYTES = 16;
const HASH_BITS = 256;

async function derive(password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(password), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, HASH_BITS);
  return new Uint8Array(bits);
}

export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const hash = await derive(password, salt, PBKDF2_ITERATIONS);
  return `${ALGORITHM}$${PBKDF2_ITERATIONS}$${toBase64Url(salt)}$${toBase64Url(hash)}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [algorithm, iterationsText, saltText, hashText] = stored.split('$');
  const iterations = Number(iterationsText);
  const salt = fromBase64Url(saltText ?? '');
  const expected = fromBase64Url(hashText ?? '');
  if (algorithm !== ALGORITHM || !Number.isInteger(iterations) || iterations < 1 || iterations > PBKDF2_ITERATIONS) return false;
  if (!salt || !expected || expected.length === 0) return false;
  return constantTimeEqual(await derive(password, salt, iterations), expected);
}

/** True when a stored hash is weaker than what we would make today. */
export function needsRehash(stored: string): boolean {
  const [algorithm, iterations] = stored.split('$');
  return algorithm !== ALGORITHM || Number(iterations) < PBKDF2_ITERATIONS;
}

/**
 * Spends the same time as a real verification, so a login for an unknown email cannot be told
 * apart from a wrong password by how long it takes.
 */
export async function spendVerificationTime(password: string): Promise<void> {
  await derive(password, new Uint8Array(SALT_BYTES), PBKDF2_ITERATIONS);
}
