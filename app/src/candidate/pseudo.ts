/**
 * The pseudo-locale (tests only): every catalog sentence accented and bracketed, "[Ŝţåŕţ îñţéŕvîéŵ]",
 * so a sentence that skipped the catalog shows up plain. What a sentence is given (an interview's
 * name, a number) is left as it is: it is not the catalog's text.
 */
const ACCENTED: Record<string, string> = Object.fromEntries(
  [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'].map((ch, i) => [ch, [...'åƀçðéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÅƁÇÐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ'][i] ?? ch]),
);

const accent = (text: string) => text.replace(/[A-Za-z]/g, (ch) => ACCENTED[ch] ?? ch);
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Accents a sentence except the pieces of it that are its arguments. */
function pseudoSentence(text: string, keep: readonly string[]): string {
  const kept = keep.filter((k) => k.length > 0);
  if (kept.length === 0) return `[${accent(text)}]`;
  const pieces = text.split(new RegExp(`(${kept.map(escapeRegExp).join('|')})`));
  return `[${pieces.map((piece, i) => (i % 2 === 1 ? piece : accent(piece))).join('')}]`;
}

export function pseudoCatalog<T extends object>(catalog: T): T {
  return Object.fromEntries(
    Object.entries(catalog).map(([key, value]) => [
      key,
      typeof value === 'string'
        ? pseudoSentence(value, [])
        : typeof value === 'function'
          ? (...args: unknown[]) =>
              pseudoSentence(
                String(value(...args)),
                args.filter((a): a is string => typeof a === 'string'),
              )
          : value,
    ]),
  ) as T;
}
