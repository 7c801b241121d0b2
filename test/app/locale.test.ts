import { afterAll, describe, expect, it } from 'vitest';
import { tc } from '../../app/src/candidate/code-messages';
import { formatMegabytes, locale, setLocale } from '../../app/src/candidate/locale';
import { t } from '../../app/src/candidate/messages';

const MB = 1024 * 1024;

afterAll(() => setLocale('en'));

describe('candidate catalogs', () => {
  it('writes plurals and figures through Intl, in English by default', () => {
    expect(locale()).toBe('en');
    expect(t.attemptsLeft(1)).toBe('1 attempt left');
    expect(t.attemptsLeft(2)).toBe('2 attempts left');
    expect(t.words(1)).toBe('1 word');
    expect(t.words(1234, 2000)).toBe('1,234 of 2,000 words');
    expect(t.thinkTime(1)).toBe('Recording starts in 1 second');
    expect(t.statusFailed(3)).toBe('3 answers could not be saved by the server. They are kept on this device.');
  });

  it('never says "0.0 MB", and rounds large figures', () => {
    expect(formatMegabytes(1)).toBe('0.1');
    expect(formatMegabytes(2.14 * MB)).toBe('2.1');
    expect(formatMegabytes(36.4 * MB)).toBe('36');
    expect(t.statusBytesLeft(0.04 * MB)).toBe('0.1 MB left');
  });

  it('says a paused take is paused and an interrupted one interrupted, with no "0 s" when nothing was kept', () => {
    expect(t.pausedTake(12)).toBe('You paused this answer. 12 seconds of it are saved on this device.');
    expect(t.interruptedTake(1)).toBe('Your recording was interrupted. 1 second of it is saved on this device.');
    for (const sentence of [t.pausedTake(0), t.interruptedTake(0)]) expect(sentence).not.toMatch(/\d|second/);
    expect(t.pausedTake(5)).not.toMatch(/interrupt/);
  });

  it('switches every catalog to Spanish, with Spanish plurals and figures', async () => {
    await setLocale('es');
    expect(t.start).toBe('Empezar la entrevista');
    expect(t.attemptsLeft(1)).toBe('Queda 1 intento');
    expect(t.attemptsLeft(3)).toBe('Quedan 3 intentos');
    expect(t.statusBytesLeft(1.5 * MB)).toBe('Faltan 1,5 MB');
    expect(t.words(3, 100)).toBe('3 de 100 palabras');
    expect(tc.lateRefused(2)).toMatch(/^2 cambios nos llegaron/);
  });

  it('pseudo-localises every sentence of both catalogs, leaving what it is given as it is', async () => {
    await setLocale('en-XA');
    // The intro's outline phrases take lists; every other phrase takes figures.
    const argsOf: Record<string, unknown[]> = { questionCounts: [[{ type: 'video', count: 2 }]], youNeed: [['camera', 'microphone']] };
    for (const catalog of [t, tc] as Record<string, unknown>[]) {
      for (const [key, value] of Object.entries(catalog)) {
        const sentence = typeof value === 'function' ? String(value(...(argsOf[key] ?? [2, 3]))) : String(catalog[key]);
        expect(sentence, key).toMatch(/^\[[\s\S]*\]$/);
        expect(sentence.replace(/MB/g, ''), key).not.toMatch(/[A-Za-z]{2}/);
      }
    }
    expect(t.alreadySubmittedBody('Support engineer')).toMatch(/“Support engineer”/);
  });
});
