import { useParams } from '@solidjs/router';
import { createResource, createSignal, lazy, Match, onMount, Show, Switch } from 'solid-js';
import type { InterviewOutline } from '../../../worker/schemas/outline';
import { ApiError, NetworkError } from '../lib/api';
import { type CandidateSession, getLink, getSession, type LinkInfo, startSession, verifyCode } from '../lib/candidateApi';
import { Banner, Button, ErrorBanner, Field } from '../ui/components';
import { BrandHeader, useBrandTheme } from './Brand';
import { type Device, getDevice, localSessionForLink, rememberSession } from './device';
import { t } from './messages';
import { takeServedLink } from './served';

// A live coding interview's pad (Yjs, CodeMirror) is its own chunk: other interviews never load it.
const CandidatePad = lazy(() => import('../pad/CandidatePad'));
// So is the interview itself: the link's first screen (served in the HTML) needs none of it, and
// the shell stays within its 35 KB budget. The service worker precaches it for offline reopening.
const InterviewFlow = lazy(() => import('./InterviewFlow').then((m) => ({ default: m.InterviewFlow })));

type View =
  | { kind: 'loading' }
  | { kind: 'unavailable' }
  | { kind: 'offline' }
  | { kind: 'submitted'; info: LinkInfo }
  | { kind: 'entry'; info: LinkInfo }
  | { kind: 'verify'; info: LinkInfo; verificationId: string; emailHint: string; email: string }
  | { kind: 'interview'; session: CandidateSession };

/**
 * An interview link (`/i/:token`), invite or public. A session this device already holds opens at
 * once — from the device itself when the server can't be reached.
 */
export function CandidateRoute() {
  const params = useParams<{ token: string }>();
  // The page may have come with the link's details (and its first screen, which this renders again).
  const served = takeServedLink(params.token);
  const typed = served?.typed;
  const linkView = (info: LinkInfo): View => (info.submitted ? { kind: 'submitted', info } : { kind: 'entry', info });
  const [view, setView] = createSignal<View>(!served ? { kind: 'loading' } : served.info ? linkView(served.info) : { kind: 'unavailable' });
  const [device, setDevice] = createSignal<Device>();
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  // A served screen takes a tap before this device's own session is looked up: the start waits for it.
  let settle = () => {};
  const settled = new Promise<void>((resolve) => {
    settle = resolve;
  });

  async function enter(result: Awaited<ReturnType<typeof startSession>>, email: string, info: LinkInfo) {
    const d = device();
    if (!d) return;
    if (result.kind === 'verify') {
      setView({ kind: 'verify', info, verificationId: result.verificationId, emailHint: result.emailHint, email });
      return;
    }
    await rememberSession(d.db, { linkToken: params.token, email, deviceToken: result.deviceToken, session: result.session });
    setView({ kind: 'interview', session: result.session });
  }

  onMount(() => {
    if (typed?.focused) document.getElementById(typed.focused)?.focus();
    if (typed?.submitted) document.querySelector<HTMLFormElement>('main form')?.requestSubmit();
    void open().finally(settle);
  });

  async function open() {
    const d = await getDevice();
    setDevice(d);
    const local = await localSessionForLink(d.db, params.token);
    let info: LinkInfo | null;
    try {
      info = served ? served.info : await getLink(params.token);
    } catch (err) {
      if (!(err instanceof NetworkError)) info = null;
      else {
        // Offline: the interview this device started is still here, answers and recordings too.
        setView(local ? { kind: 'interview', session: local.snapshot as CandidateSession } : { kind: 'offline' });
        return;
      }
    }
    if (!info) {
      setView(local ? { kind: 'interview', session: local.snapshot as CandidateSession } : { kind: 'unavailable' });
      return;
    }
    if (local) {
      try {
        const session = await getSession(local.deviceToken);
        await rememberSession(d.db, { linkToken: params.token, email: local.email, deviceToken: local.deviceToken, session });
        setView({ kind: 'interview', session });
      } catch (err) {
        if (err instanceof NetworkError) setView({ kind: 'interview', session: local.snapshot as CandidateSession });
        else setView(linkView(info));
      }
      return;
    }
    // Nothing is left to start on a new device once the interview is in: no consent, no code.
    // A served screen already shows it, with whatever was typed into it since.
    if (!served) setView(linkView(info));
  }

  async function start(info: LinkInfo, form: HTMLFormElement) {
    const data = new FormData(form);
    const email = String(data.get('email') ?? info.candidate?.email ?? '').trim();
    const name = String(data.get('name') ?? '').trim();
    setBusy(true);
    setError(null);
    try {
      await settled;
      // This device's own session opened meanwhile: nothing to start.
      if (view().kind !== 'entry') return;
      await enter(await startSession(params.token, { email, ...(name ? { name } : {}) }), email, info);
    } catch (err) {
      setError(err instanceof NetworkError ? t.offlineNoSession : err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  async function verify(v: Extract<View, { kind: 'verify' }>, code: string) {
    setBusy(true);
    setError(null);
    try {
      await enter(await verifyCode(params.token, v.verificationId, code), v.email, v.info);
    } catch (err) {
      setError(err instanceof ApiError || err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Switch>
      <Match when={view().kind === 'loading'}>
        <div class="hf-page">
          <p role="status">{t.loading}</p>
        </div>
      </Match>
      <Match when={view().kind === 'unavailable'}>
        <div class="hf-page">
          <Banner tone="error">{t.linkUnavailable}</Banner>
        </div>
      </Match>
      <Match
        when={(() => {
          const v = view();
          return v.kind === 'submitted' ? v : null;
        })()}
        keyed
      >
        {(v) => (
          <div class="hf-page">
            <BrandHeader branding={v.info.interview.branding} />
            <section class="hf-card hf-stack" aria-labelledby="submitted-title">
              <Show
                when={v.info.interview.format === 'live'}
                fallback={
                  <>
                    <h1 id="submitted-title">{t.alreadySubmittedTitle}</h1>
                    <p>{t.alreadySubmittedBody(v.info.interview.name)}</p>
                  </>
                }
              >
                <h1 id="submitted-title">{t.padEnded}</h1>
              </Show>
            </section>
          </div>
        )}
      </Match>
      <Match when={view().kind === 'offline'}>
        <div class="hf-page">
          <Banner tone="warning">{t.offlineNoSession}</Banner>
        </div>
      </Match>
      <Match
        when={(() => {
          const v = view();
          return v.kind === 'entry' ? v : null;
        })()}
        keyed
      >
        {(v) => (
          <div class="hf-page hf-stack">
            <BrandHeader branding={v.info.interview.branding} />
            <section class="hf-card hf-stack" aria-labelledby="intro-title">
              <h1 id="intro-title">{v.info.interview.name}</h1>
              <Show when={v.info.interview.intro}>
                <p>{v.info.interview.intro}</p>
              </Show>
              <Show when={v.info.interview.outline}>{(outline) => <WhatToExpect outline={outline()} />}</Show>
              <p class="hf-muted">{t.privacy}</p>
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  void start(v.info, e.currentTarget);
                }}
              >
                <Show when={v.info.link.kind === 'public'}>
                  <Field label={t.name} id="candidate-name">
                    <input id="candidate-name" name="name" autocomplete="name" required value={typed?.name ?? ''} />
                  </Field>
                </Show>
                <Field label={t.email} id="candidate-email" hint={v.info.candidate ? t.emailHintInvite : undefined}>
                  <input
                    id="candidate-email"
                    name="email"
                    type="email"
                    autocomplete="email"
                    required
                    value={v.info.candidate?.email ?? typed?.email ?? ''}
                    readOnly={!!v.info.candidate}
                  />
                </Field>
                <label class="hf-choice">
                  <input type="checkbox" name="consent" required checked={typed?.consent ?? false} />
                  <span>{t.consent}</span>
                </label>
                <ErrorBanner message={error()} />
                <Button type="submit" block disabled={busy()}>
                  {t.start}
                </Button>
              </form>
            </section>
          </div>
        )}
      </Match>
      <Match
        when={(() => {
          const v = view();
          return v.kind === 'verify' ? v : null;
        })()}
        keyed
      >
        {(v) => (
          <div class="hf-page">
            <BrandHeader branding={v.info.interview.branding} />
            <section class="hf-card" aria-labelledby="verify-title">
              <h1 id="verify-title">{t.verifyTitle}</h1>
              <p>{t.verifyIntro(v.emailHint)}</p>
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  void verify(v, String(new FormData(e.currentTarget).get('code') ?? '').trim());
                }}
              >
                <Field label={t.code} id="verify-code">
                  <input id="verify-code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" required />
                </Field>
                <ErrorBanner message={error()} />
                <Button type="submit" disabled={busy()}>
                  {t.verify}
                </Button>
              </form>
            </section>
          </div>
        )}
      </Match>
      <Match
        when={(() => {
          const v = view();
          const d = device();
          return v.kind === 'interview' && d ? { session: v.session, device: d } : null;
        })()}
        keyed
      >
        {(v) => (
          <Show when={v.session.interview.format === 'live'} fallback={<InterviewFlow device={v.device} session={v.session} />}>
            <LivePad device={v.device} sessionId={v.session.sessionId} branding={v.session.interview.branding} />
          </Show>
        )}
      </Match>
    </Switch>
  );
}

/** Questions by type, the time it takes, what the device needs, and that nothing is lost on the way. */
function WhatToExpect(props: { outline: InterviewOutline }) {
  return (
    <section class="hf-expect" aria-labelledby="expect-title">
      <h2 id="expect-title">{t.beforeYouStart}</h2>
      <ul>
        <li>{t.questionCounts(props.outline.counts)}</li>
        <li>{t.estimatedTime(props.outline.estimatedMinutes)}</li>
        <li>{props.outline.needs.length ? t.youNeed(props.outline.needs) : t.needsNothing}</li>
        <li>{t.savedAsYouGo}</li>
      </ul>
    </section>
  );
}

/** A live interview's pad, with the device token this device keeps for its session. */
function LivePad(props: { device: Device; sessionId: string; branding: CandidateSession['interview']['branding'] }) {
  // The waiting room shows the logo itself (from the pad's own view); the theme comes from here.
  useBrandTheme(() => props.branding);
  const [token] = createResource(async () => (await props.device.db.get('sessions', props.sessionId))?.deviceToken);
  return <Show when={token()}>{(deviceToken) => <CandidatePad sessionId={props.sessionId} deviceToken={deviceToken()} />}</Show>;
}
