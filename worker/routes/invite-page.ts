import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { linkInfo, resolveLink } from '../candidates/entry';
import { pickLanguage, renderInvitePage, stylesheetPath } from '../candidates/invite-page';
import type { AppEnv } from '../context';
import { HttpError } from '../errors';
import type { LinkInfo } from '../schemas/candidate';
import { intlWords } from '../schemas/intl-words';
import { inviteText, LOCALE_COOKIE } from '../schemas/invite-page';
import { inviteTextEs } from '../schemas/invite-page.es';

/** The first screen's words in each language the app offers: the app's catalogs spread the same. */
const TEXTS = { en: inviteText, es: inviteTextEs(intlWords('es')) };

/** The app's stylesheet by its path, named by content hash, so an isolate reads each once. */
const stylesheets = new Map<string, Promise<string | null>>();

function stylesheet(env: Env, url: string, path: string): Promise<string | null> {
  let css = stylesheets.get(path);
  if (!css) {
    css = env.ASSETS.fetch(new URL(path, url)).then((res) => (res.ok ? res.text() : null));
    stylesheets.set(path, css);
    // A failed read is not kept: the next page tries again.
    void css.then((text) => text ?? stylesheets.delete(path)).catch(() => stylesheets.delete(path));
  }
  return css;
}

/**
 * An interview link's page (`/i/:token`), served with its first screen in the HTML
 * (worker/candidates/invite-page.ts), in the language the app will show it in. A link that does not exist or is switched off gets the
 * app's "not available" screen with 404. Should the link's details not be readable, the app's
 * plain index.html is served and the app asks the API itself, as it does offline.
 */
export const invitePage = new Hono<AppEnv>()
  .get('/:token', async (c) => {
    const shell = await c.env.ASSETS.fetch(new URL('/', c.req.url));
    if (!shell.ok) return shell;
    const html = await shell.text();
    const plain = () => c.html(html, 200);
    const token = c.req.param('token');
    let info: LinkInfo | null;
    try {
      info = await linkInfo(c.env.DB, await resolveLink(c.env.DB, token));
    } catch (err) {
      if (!(err instanceof HttpError && err.status === 404)) {
        console.error(JSON.stringify({ level: 'error', requestId: c.get('requestId'), message: `invite page: ${err instanceof Error ? err.message : String(err)}` }));
        return plain();
      }
      info = null;
    }
    const path = stylesheetPath(html);
    const css = path ? await stylesheet(c.env, c.req.url, path) : null;
    const language = pickLanguage(getCookie(c, LOCALE_COOKIE), c.req.header('accept-language'));
    const page = renderInvitePage(html, css, { token, info }, TEXTS[language], language);
    if (page === null) return plain();
    // The page's words follow the candidate's choice and the browser's languages.
    c.header('vary', 'Accept-Language, Cookie');
    return c.html(page, info ? 200 : 404);
  })
  // The served form posts here only when tapped before the app took over: show the page again.
  .post('/:token', (c) => c.redirect(new URL(c.req.url).pathname, 303));
