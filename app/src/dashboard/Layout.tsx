import { A, type RouteSectionProps, useLocation, useNavigate } from '@solidjs/router';
import { createEffect, createSignal, on, onCleanup, onMount, Show } from 'solid-js';
import { brandTheme } from '../../../worker/schemas/brand-theme';
import { Button } from '../ui/components';
import { auth, can, loadMe, me } from './data';
import './layout.css';

const PUBLIC_PAGES = ['/dashboard/login', '/dashboard/signup', '/accept-invite'];
const MENU_ID = 'hf-dashboard-menu';

/**
 * The dashboard frame: who is signed in, the navigation, and a redirect to log in when nobody is.
 * On a phone the navigation folds behind a Menu button, so the bar stays one row.
 */
export default function Layout(props: RouteSectionProps) {
  const navigate = useNavigate();
  const location = useLocation();
  const isPublic = () => PUBLIC_PAGES.includes(location.pathname);
  const [menuOpen, setMenuOpen] = createSignal(false);
  let menuButton: HTMLButtonElement | undefined;
  onMount(() => void loadMe());
  createEffect(() => {
    if (me() === null && !isPublic()) navigate(`/dashboard/login?next=${encodeURIComponent(location.pathname + location.search)}`, { replace: true });
  });
  // Following a link closes the menu: the page it opens is what the user came for.
  createEffect(
    on(
      () => location.pathname,
      () => setMenuOpen(false),
      { defer: true },
    ),
  );
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && menuOpen()) {
      setMenuOpen(false);
      menuButton?.focus();
    }
  };
  document.addEventListener('keydown', onKeyDown);
  onCleanup(() => document.removeEventListener('keydown', onKeyDown));
  const topbarStyle = () => {
    const accent = me()?.organization.accentColor;
    const theme = accent ? brandTheme(accent) : null;
    // The bar's text is white: an accent that needs dark text leaves the bar in the dashboard's teal.
    return theme?.onAccent === '#ffffff' ? { background: theme.accent } : {};
  };
  return (
    <>
      <Show when={me()?.development}>
        <p class="hf-dev-banner">
          Local development: no mail is sent. Invitations and one-time codes land in the <A href="/dashboard/outbox">Mail outbox</A>.
        </p>
      </Show>
      <header class="hf-topbar hf-dashbar" style={topbarStyle()}>
        <A class="hf-brand" href="/dashboard">
          Holdfast
        </A>
        <Show when={me()}>
          {(m) => (
            <>
              <span class="hf-dashbar__org">{m().organization.name}</span>
              <button type="button" class="hf-dashbar__toggle" ref={menuButton} aria-expanded={menuOpen()} aria-controls={MENU_ID} onClick={() => setMenuOpen(!menuOpen())}>
                <span class="hf-dashbar__icon" aria-hidden="true" />
                Menu
              </button>
              <div id={MENU_ID} class="hf-dashbar__menu" data-open={menuOpen()}>
                <nav aria-label="Dashboard" class="hf-nav hf-dashbar__nav">
                  <A href="/dashboard" end>
                    Interviews
                  </A>
                  <A href="/dashboard/pads">Pads</A>
                  <A href="/dashboard/questions">Question Bank</A>
                  <A href="/dashboard/members">Members</A>
                  <Show when={can('org.manage')}>
                    <A href="/dashboard/settings">Settings</A>
                  </Show>
                </nav>
                <span class="hf-dashbar__member">{m().member.name}</span>
                <Button variant="quiet" class="hf-on-dark" onClick={() => void auth.logout().then(() => navigate('/dashboard/login'))}>
                  Log out
                </Button>
              </div>
            </>
          )}
        </Show>
      </header>
      <Show
        when={me() !== undefined || isPublic()}
        fallback={
          <p class="hf-page" role="status">
            Loading…
          </p>
        }
      >
        <div class="hf-page hf-page--wide">{props.children}</div>
      </Show>
    </>
  );
}
