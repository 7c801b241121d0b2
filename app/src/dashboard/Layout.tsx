import { A, type RouteSectionProps, useLocation, useNavigate } from '@solidjs/router';
import { createEffect, onMount, Show } from 'solid-js';
import { Button } from '../ui/components';
import { auth, can, loadMe, me } from './data';

const PUBLIC_PAGES = ['/dashboard/login', '/dashboard/signup', '/accept-invite'];

/** The dashboard frame: who is signed in, the navigation, and a redirect to log in when nobody is. */
export default function Layout(props: RouteSectionProps) {
  const navigate = useNavigate();
  const location = useLocation();
  const isPublic = () => PUBLIC_PAGES.includes(location.pathname);
  onMount(() => void loadMe());
  createEffect(() => {
    if (me() === null && !isPublic()) navigate(`/dashboard/login?next=${encodeURIComponent(location.pathname + location.search)}`, { replace: true });
  });
  const topbarStyle = () => {
    const accent = me()?.organization.accentColor;
    return accent ? { background: accent } : {};
  };
  return (
    <>
      <header class="hf-topbar" style={topbarStyle()}>
        <A class="hf-brand" href="/dashboard">
          Holdfast
        </A>
        <Show when={me()}>
          {(m) => (
            <>
              <span class="hf-muted" style={{ color: '#fff' }}>
                {m().organization.name}
              </span>
              <nav aria-label="Dashboard" class="hf-row hf-nav">
                <A href="/dashboard" end>
                  Interviews
                </A>
                <A href="/dashboard/pads">Pads</A>
                <A href="/dashboard/questions">Question Bank</A>
                <A href="/dashboard/members">Members</A>
                <Show when={can('org.manage')}>
                  <A href="/dashboard/settings">Settings</A>
                </Show>
                <A href="/dashboard/outbox">Outbox</A>
              </nav>
              <span class="hf-spacer" />
              <span>{m().member.name}</span>
              <Button variant="quiet" class="hf-on-dark" onClick={() => void auth.logout().then(() => navigate('/dashboard/login'))}>
                Log out
              </Button>
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
