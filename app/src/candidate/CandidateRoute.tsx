import { useParams } from '@solidjs/router';
import { createResource, createSignal, lazy, Match, onMount, Show, Switch } from 'solid-js';
import { ApiError, NetworkError } from '../lib/api';
import { type CandidateSession, getLink, getSession, type LinkInfo, startSession, verifyCode } from '../lib/candidateApi';
import { Banner, Button, ErrorBanner, Field } from '../ui/components';
import { type Device, getDevice, localSessionForLink, rememberSession } from './device';
import { InterviewFlow } from './InterviewFlow';
import { t } from './messages';

// A live coding interview's pad (Yjs, CodeMirror) is its own chunk: other interviews never load it.
const CandidatePad = lazy(() => import('../pad/CandidatePad'));

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
  const [view, setView] = createSignal<View>({ kind: 'loading' });
  const [device, setDevice] = createSignal<Device>();
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);

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

  onMount(async () => {
    const d = await getDevice();
    setDevice(d);
    const local = await localSessionForLink(d.db, params.token);
    let info: LinkInfo;
    try {
      info = await getLink(params.token);
    } catch (err) {
      if (err instanceof NetworkError) {
        // Offline: the interview this device started is still here, answers and recordings too.
        setView(local ? { kind: 'interview', session: local.snapshot as CandidateSession } : { kind: 'offline' });
      } else setView(local ? { kind: 'interview', session: local.snapshot as CandidateSession } : { kind: 'unavailable' });
      return;
    }
    if (local) {
      try {
        const session = await getSession(local.deviceToken);
        await rememberSession(d.db, { linkToken: params.token, email: local.email, deviceToken: local.deviceToken, session });
        setView({ kind: 'interview', session });
      } catch (err) {
        if (err instanceof NetworkError) setView({ kind: 'interview', session: local.snapshot as CandidateSession });
        else setView(info.submitted ? { kind: 'submitted', info } : { kind: 'entry', info });
      }
      return;
    }
    // Nothing is left to start on a new device once the interview is in: no consent, no code.
    setView(info.submitted ? { kind: 'submitted', info } : { kind: 'entry', info });
  });

  async function start(info: LinkInfo, form: HTMLFormElement) {
    const data = new FormData(form);
    const email = String(data.get('email') ?? info.candidate?.email ?? '').trim();
    const name = String(data.get('name') ?? '').trim();
    setBusy(true);
    setError(null);
    try {
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
            <section class="hf-card hf-stack" aria-labelledby="submitted-title">
              <p class="hf-muted">{v.info.interview.branding.orgName}</p>
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
            <section class="hf-card hf-stack" aria-labelledby="intro-title" style={{ 'border-top': `4px solid ${v.info.interview.branding.accentColor}` }}>
              <p class="hf-muted">{v.info.interview.branding.orgName}</p>
              <h1 id="intro-title">{v.info.interview.name}</h1>
              <Show when={v.info.interview.intro}>
                <p>{v.info.interview.intro}</p>
              </Show>
              <p class="hf-muted">{t.privacy}</p>
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  void start(v.info, e.currentTarget);
                }}
              >
                <Show when={v.info.link.kind === 'public'}>
                  <Field label={t.name} id="candidate-name">
                    <input id="candidate-name" name="name" autocomplete="name" required />
                  </Field>
                </Show>
                <Field label={t.email} id="candidate-email" hint={v.info.candidate ? t.emailHintInvite : undefined}>
                  <input id="candidate-email" name="email" type="email" autocomplete="email" required value={v.info.candidate?.email ?? ''} readOnly={!!v.info.candidate} />
                </Field>
                <label class="hf-choice">
                  <input type="checkbox" name="consent" required />
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
            <LivePad device={v.device} sessionId={v.session.sessionId} />
          </Show>
        )}
      </Match>
    </Switch>
  );
}

/** A live interview's pad, with the device token this device keeps for its session. */
function LivePad(props: { device: Device; sessionId: string }) {
  const [token] = createResource(async () => (await props.device.db.get('sessions', props.sessionId))?.deviceToken);
  return <Show when={token()}>{(deviceToken) => <CandidatePad sessionId={props.sessionId} deviceToken={deviceToken()} />}</Show>;
}
