import { createSignal } from 'solid-js';
import { intlWords } from '../../../worker/schemas/intl-words';
import { LANGUAGES, LOCALE_COOKIE } from '../../../worker/schemas/invite-page';

/**
 * The candidate app's language: English and Spanish for candidates, and two pseudo-locales for
 * tests only (`?locale=en-XA` accents and brackets every catalog sentence, `ar-XB` does the same
 * right to left), never offered in the switcher. Catalogs other than English load lazily.
 */
export type Locale = 'en' | 'es' | 'en-XA' | 'ar-XB';
/** What the switcher offers, each in its own language (shared with the Worker's served page). */
export { LANGUAGES };

const PSEUDO: readonly Locale[] = ['en-XA', 'ar-XB'];
const STORAGE_KEY = 'holdfast.locale';

const isLocale = (value: string | null): value is Locale => value === 'en' || value === 'es' || PSEUDO.includes(value as Locale);

function stored(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

/**
 * The choice also goes to the server as a cookie: the Worker serves an invite link's first screen
 * in it (worker/candidates/invite-page.ts), so nothing changes language when the app takes over.
 */
function tellServer(locale: Locale) {
  if (typeof document === 'undefined') return;
  // biome-ignore lint/suspicious/noDocumentCookie: the Cookie Store API is missing from Firefox and older Safari, and the value is one of four fixed names.
  document.cookie = `${LOCALE_COOKIE}=${locale}; Path=/; Max-Age=${60 * 60 * 24 * 400}; SameSite=Lax${location.protocol === 'https:' ? '; Secure' : ''}`;
}

function cookieChoice(): string | null {
  if (typeof document === 'undefined') return null;
  const found = document.cookie.split('; ').find((c) => c.startsWith(`${LOCALE_COOKIE}=`));
  return found ? found.slice(LOCALE_COOKIE.length + 1) : null;
}

function remember(locale: Locale) {
  tellServer(locale);
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Private modes may refuse storage: the choice then lasts as long as the page.
  }
}

/** A `?locale=` (the tests' switch), then the device's earlier choice, then the browser's languages. */
function initialLocale(): Locale {
  const asked = new URLSearchParams(globalThis.location?.search ?? '').get('locale');
  if (isLocale(asked)) {
    remember(asked);
    return asked;
  }
  // The cookie too: the served page was rendered from it, should this device's storage have been cleared.
  const chosen = stored() ?? cookieChoice();
  if (isLocale(chosen)) {
    // A choice made before the cookie existed: the next page load is served in it.
    if (cookieChoice() !== chosen) tellServer(chosen);
    return chosen;
  }
  for (const tag of globalThis.navigator?.languages ?? []) {
    const base = tag.toLowerCase().split('-')[0];
    if (base === 'es' || base === 'en') return base;
  }
  return 'en';
}

const [locale, setLocaleSignal] = createSignal<Locale>(initialLocale());

export { locale };

export const isRtl = () => locale() === 'ar-XB';

/** Intl's language: the pseudo-locales write numbers as English does. */
const intlLocale = () => (locale() === 'es' ? 'es' : 'en');

const numberFormats = new Map<string, Intl.NumberFormat>();
/** A number as the candidate's language writes it ("1,5" in Spanish). */
export function formatNumber(n: number, options: Intl.NumberFormatOptions = {}): string {
  const key = `${intlLocale()}:${JSON.stringify(options)}`;
  const format = numberFormats.get(key) ?? new Intl.NumberFormat(intlLocale(), options);
  numberFormats.set(key, format);
  return format.format(n);
}

const pluralRules = new Map<string, Intl.PluralRules>();
/** The form of a sentence for `n` ("1 attempt left", "2 attempts left"); `#` is the number, formatted. */
export function plural(n: number, forms: Partial<Record<Intl.LDMLPluralRule, string>> & { other: string }): string {
  const rules = pluralRules.get(intlLocale()) ?? new Intl.PluralRules(intlLocale());
  pluralRules.set(intlLocale(), rules);
  return (forms[rules.select(n)] ?? forms.other).replaceAll('#', formatNumber(n));
}

/** Megabytes with one decimal under 10 and none above ("2.4", "36"); never "0.0". */
export function formatMegabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return mb >= 10 ? formatNumber(Math.round(mb)) : formatNumber(Math.max(0.1, mb), { maximumFractionDigits: 1, minimumFractionDigits: 1 });
}

/**
 * What another language's catalog formats with, handed to it rather than imported: a catalog
 * chunk that imports nothing stays one small file, and the shell is not split around it.
 */
export const formatters = { formatNumber, plural, formatMegabytes, words: intlWords };
export type Formatters = typeof formatters;

type Loader<T> = () => Promise<T>;
const loaders: Array<(locale: Locale) => Promise<void>> = [];
const pending: Promise<void>[] = [];

/**
 * A catalog that follows the locale: screens read `t.key` as before, and the proxy answers from
 * the current language's catalog (a signal, so a switch re-renders what reads it). English is
 * built in; Spanish comes from `spanish()`, a dynamic import the service worker precaches.
 */
export function catalog<T extends object>(english: T, spanish: Loader<T>): T {
  const [current, setCurrent] = createSignal<T>(english);
  const load = async (target: Locale) => {
    const base = target === 'es' ? await spanish() : english;
    const next = PSEUDO.includes(target) ? (await import('./pseudo')).pseudoCatalog(base) : base;
    setCurrent(() => next);
  };
  loaders.push(load);
  if (locale() !== 'en') pending.push(load(locale()));
  return new Proxy(english, { get: (_, key) => current()[key as keyof T] });
}

/** Resolves once the catalogs loaded so far speak the starting language (the app renders after it). */
export const localeReady = (): Promise<unknown> => Promise.all(pending).catch(() => undefined);

/** The switcher's choice: kept on this device, applied once every catalog has it. */
export async function setLocale(next: Locale): Promise<void> {
  remember(next);
  await Promise.all(loaders.map((load) => load(next)));
  setLocaleSignal(next);
}
