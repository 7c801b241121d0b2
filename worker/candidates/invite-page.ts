/**
 * An invite link's page as the Worker serves it (issue 14, "Speed of the first screen"): the app's
 * own index.html with the link's first screen already in it, the stylesheet inline and the link's
 * public details as JSON, so the screen paints from the one HTML response before any script runs
 * and the app (app/src/candidate/CandidateRoute.tsx) takes over without asking for them again.
 * The markup is the app's, element for element, so nothing moves when the app renders it again.
 */
import { brandTheme, themeVariables } from '../schemas/brand-theme';
import type { Branding, LinkInfo } from '../schemas/candidate';
import { INVITE_DATA_ID, type InviteData, type InviteText, LANGUAGES, type Language } from '../schemas/invite-page';
import type { InterviewOutline } from '../schemas/outline';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for an element's content or a quoted attribute value. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** JSON for a `<script>` element's content: nothing in it can end the element or open a comment. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * The organization's theme as app/src/candidate/Brand.tsx's useBrandTheme sets it: the same CSS
 * custom properties, from the same function, in a style attribute on <html> (the policy's
 * style-src allows attributes), so the colours are right from the first paint.
 */
function themeStyle(branding: Branding | null): string {
  if (!branding) return '';
  const variables = themeVariables(brandTheme(branding.accentColor));
  return Object.entries(variables)
    .map(([name, value]) => `${name}: ${value};`)
    .join(' ');
}

/** BrandHeader: the organization's name and logo above the card. */
function brandHeader(branding: Branding, text: InviteText): string {
  const logo = branding.logoUrl ? `<img src="${escapeHtml(branding.logoUrl)}" alt="${escapeHtml(text.logoAlt(branding.orgName))}">` : '';
  return `<header class="hf-brand-header"><p>${escapeHtml(branding.orgName)}</p>${logo}</header>`;
}

/** CandidateRoute's WhatToExpect: questions by type, time, what the device needs. */
function whatToExpect(outline: InterviewOutline, text: InviteText): string {
  const items = [
    text.questionCounts(outline.counts),
    text.estimatedTime(outline.estimatedMinutes),
    outline.needs.length ? text.youNeed(outline.needs) : text.needsNothing,
    text.savedAsYouGo,
  ];
  return `<section class="hf-expect" aria-labelledby="expect-title"><h2 id="expect-title">${escapeHtml(text.beforeYouStart)}</h2><ul>${items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul></section>`;
}

/** A form field as app/src/ui/components.tsx's Field draws it. */
function field(label: string, id: string, control: string, hint?: string): string {
  return `<div class="hf-field"><label for="${id}">${escapeHtml(label)}</label>${control}${hint ? `<span class="hf-hint" id="${id}-hint">${escapeHtml(hint)}</span>` : ''}</div>`;
}

/** The intro with its start form: CandidateRoute's `entry` view. */
function entryScreen(info: LinkInfo, text: InviteText): string {
  const { interview, candidate } = info;
  const nameField = info.link.kind === 'public' ? field(text.name, 'candidate-name', '<input id="candidate-name" name="name" autocomplete="name" required>') : '';
  const emailField = field(
    text.email,
    'candidate-email',
    `<input id="candidate-email" name="email" type="email" autocomplete="email" required value="${escapeHtml(candidate?.email ?? '')}"${candidate ? ' readonly' : ''}>`,
    candidate ? text.emailHintInvite : undefined,
  );
  // method=post: a tap on the button before the script is in does not put the email in the URL
  // (the Worker answers it with the page again, worker/routes/invite-page.ts).
  return (
    `<div class="hf-page hf-stack">${brandHeader(interview.branding, text)}<section class="hf-card hf-stack" aria-labelledby="intro-title">` +
    `<h1 id="intro-title">${escapeHtml(interview.name)}</h1>` +
    (interview.intro ? `<p>${escapeHtml(interview.intro)}</p>` : '') +
    (interview.outline ? whatToExpect(interview.outline, text) : '') +
    `<p class="hf-muted">${escapeHtml(text.privacy)}</p>` +
    `<form method="post">${nameField}${emailField}` +
    `<label class="hf-choice"><input type="checkbox" name="consent" required><span>${escapeHtml(text.consent)}</span></label>` +
    `<button type="submit" class="hf-button hf-button--block">${escapeHtml(text.start)}</button></form></section></div>`
  );
}

function submittedScreen(info: LinkInfo, text: InviteText): string {
  const { interview } = info;
  const body =
    interview.format === 'live'
      ? `<h1 id="submitted-title">${escapeHtml(text.padEnded)}</h1>`
      : `<h1 id="submitted-title">${escapeHtml(text.alreadySubmittedTitle)}</h1><p>${escapeHtml(text.alreadySubmittedBody(interview.name))}</p>`;
  return `<div class="hf-page">${brandHeader(interview.branding, text)}<section class="hf-card hf-stack" aria-labelledby="submitted-title">${body}</section></div>`;
}

/**
 * The language the app will choose (app/src/candidate/locale.ts): the candidate's choice, which
 * its control keeps in a cookie, else the first of the browser's languages offered (by weight, as
 * the browser sends navigator.languages), else English.
 */
export function pickLanguage(cookie: string | undefined, acceptLanguage: string | undefined): Language {
  const offered = (tag: string | undefined) => LANGUAGES.find((l) => l.locale === tag?.trim().toLowerCase().split('-')[0])?.locale;
  const chosen = LANGUAGES.find((l) => l.locale === cookie)?.locale;
  if (chosen) return chosen;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, i) => {
      const [tag, ...params] = part.split(';');
      const q = Number(
        params
          .find((p) => p.trim().startsWith('q='))
          ?.trim()
          .slice(2) ?? 1,
      );
      return { tag, q: Number.isFinite(q) ? q : 0, i };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const { tag } of ranked) {
    const language = offered(tag);
    if (language) return language;
  }
  return 'en';
}

/** app/src/candidate/LanguageSwitcher.tsx's control, with the served language chosen. */
function languageControl(language: Language, text: InviteText): string {
  const options = LANGUAGES.map((l) => `<option value="${l.locale}" lang="${l.locale}"${l.locale === language ? ' selected' : ''}>${escapeHtml(l.name)}</option>`).join('');
  return `<div class="hf-language"><label for="hf-language">${escapeHtml(text.language)}</label><select id="hf-language">${options}</select></div>`;
}

/** The first screen of a link: what the app shows before anything on the device is looked at. */
function inviteScreen(info: LinkInfo | null, text: InviteText, language: Language): string {
  const screen = !info
    ? `<div class="hf-page"><div class="hf-banner hf-banner--error" role="alert">${escapeHtml(text.linkUnavailable)}</div></div>`
    : info.submitted
      ? submittedScreen(info, text)
      : entryScreen(info, text);
  // app/src/Shell.tsx's frame; its `data-app-shell` marks the app's own rendering, so it is not here.
  return `<a class="hf-visually-hidden" href="#main">${escapeHtml(text.skipToContent)}</a><main id="main">${languageControl(language, text)}${screen}</main>`;
}

const STYLESHEET = /<link rel="stylesheet"[^>]*? href="(\/assets\/[^"]+\.css)"[^>]*>/;
const APP_SCRIPT = /<script type="module" crossorigin src="(\/assets\/[^"]+\.js)"><\/script>/;
const ROOT = '<div id="root"></div>';
const HTML_TAG = /<html\b[^>]*>/;

/** The stylesheet index.html links, if it has one: the page inlines it. */
export function stylesheetPath(shell: string): string | null {
  return STYLESHEET.exec(shell)?.[1] ?? null;
}

/**
 * The app's index.html (`shell`) with the screen in its root, in `language` (`text`), `css` (the stylesheet it links)
 * inline in place of the link, and the data for the app. Null when the shell is not the one
 * expected: the caller then serves it as it is, and the app asks the API as before.
 */
export function renderInvitePage(shell: string, css: string | null, data: InviteData, text: InviteText, language: Language): string | null {
  if (!shell.includes(ROOT) || !HTML_TAG.test(shell)) return null;
  const json = `<script type="application/json" id="${INVITE_DATA_ID}">${scriptJson(data)}</script>`;
  const style = themeStyle(data.info?.interview.branding ?? null);
  // LanguageSwitcher sets lang and dir, useBrandTheme the style: the same attributes from the start.
  let html = shell.replace(HTML_TAG, () => `<html lang="${language}" dir="ltr"${style ? ` style="${escapeHtml(style)}"` : ''}>`);
  html = html.replace(ROOT, () => `<div id="root">${inviteScreen(data.info, text, language)}</div>${json}`);
  if (css !== null && !/<\/style/i.test(css)) html = html.replace(STYLESHEET, () => `<style>${css}</style>`);
  // The app's script only once the screen is painted (app/public/after-paint.js): run before the
  // first paint, its work would count against it on a slow phone.
  html = html.replace(APP_SCRIPT, (_, src: string) => `<script src="/after-paint.js" data-app="${escapeHtml(src)}" defer></script>`);
  return html;
}
