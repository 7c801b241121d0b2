import { createEffect, For, onCleanup, Show } from 'solid-js';
import { isRtl, LANGUAGES, type Locale, locale, setLocale } from './locale';
import { t } from './messages';

/**
 * The candidate pages' language control, and the page's `lang` and `dir` while one is shown (the
 * dashboard stays English). A pseudo-locale from a test's `?locale=` is shown but never offered.
 */
export function LanguageSwitcher() {
  createEffect(() => {
    document.documentElement.lang = locale();
    document.documentElement.dir = isRtl() ? 'rtl' : 'ltr';
  });
  onCleanup(() => {
    document.documentElement.lang = 'en';
    document.documentElement.dir = 'ltr';
  });
  const offered = () => LANGUAGES.some((l) => l.locale === locale());
  return (
    <div class="hf-language">
      <label for="hf-language">{t.language}</label>
      <select id="hf-language" value={locale()} onChange={(e) => void setLocale(e.currentTarget.value as Locale)}>
        <Show when={!offered()}>
          <option value={locale()}>{locale()}</option>
        </Show>
        <For each={LANGUAGES}>
          {(l) => (
            <option value={l.locale} lang={l.locale}>
              {l.name}
            </option>
          )}
        </For>
      </select>
    </div>
  );
}
