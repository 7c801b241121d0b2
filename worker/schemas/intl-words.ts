/**
 * Plurals, numbers, lists and durations through Intl for one language: the candidate's catalogs
 * (app/src/candidate/messages.ts) and the Worker's invite page (worker/candidates/invite-page.ts)
 * phrase figures with the same functions, so a served screen reads exactly as the app's.
 */
export function intlWords(locale: string) {
  const rules = new Intl.PluralRules(locale);
  const numbers = new Intl.NumberFormat(locale);
  const plural = (n: number): 'one' | 'other' => (rules.select(n) === 'one' ? 'one' : 'other');
  const number = (n: number): string => numbers.format(n);
  /** "a, b, c" */
  const listOf = (items: string[]): string => new Intl.ListFormat(locale, { style: 'short', type: 'unit' }).format(items);
  /** "a, b and c" */
  const andList = (items: string[]): string => new Intl.ListFormat(locale, { type: 'conjunction' }).format(items);
  const unit = (value: number, name: 'second' | 'minute' | 'hour'): string => new Intl.NumberFormat(locale, { style: 'unit', unit: name, unitDisplay: 'long' }).format(value);
  /** "45 seconds", "2 minutes", "1 hour, 5 minutes". */
  const duration = (seconds: number): string => {
    if (seconds < 60) return unit(seconds, 'second');
    const minutes = Math.round(seconds / 60);
    if (minutes < 60) return unit(minutes, 'minute');
    const rest = minutes % 60;
    return listOf([unit(Math.floor(minutes / 60), 'hour'), ...(rest ? [unit(rest, 'minute')] : [])]);
  };
  /** One decimal, and never "0.0 MB": nothing is "0 MB", a few bytes "0.1 MB". */
  const megabytes = (bytes: number): string => {
    const shown = bytes <= 0 ? 0 : Math.max(0.1, bytes / (1024 * 1024));
    return new Intl.NumberFormat(locale, { style: 'unit', unit: 'megabyte', minimumFractionDigits: shown ? 1 : 0, maximumFractionDigits: 1 }).format(shown);
  };
  return { plural, number, listOf, andList, duration, megabytes };
}
