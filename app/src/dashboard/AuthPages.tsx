import { A, useNavigate, useSearchParams } from '@solidjs/router';
import { createResource, Show } from 'solid-js';
import { Banner, Button, ErrorBanner, Field } from '../ui/components';
import { auth } from './data';
import { createSubmission, formValues } from './forms';

function afterLogin(next: string | string[] | undefined): string {
  const target = Array.isArray(next) ? next[0] : next;
  return target?.startsWith('/dashboard') ? target : '/dashboard';
}

export function Login() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const submission = createSubmission();
  return (
    <section class="hf-card" style={{ 'max-width': '28rem', margin: '0 auto' }} aria-labelledby="login-title">
      <h1 id="login-title">Log in</h1>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          const v = formValues(e.currentTarget);
          const ok = await submission.run(() => auth.login({ email: v.email ?? '', password: v.password ?? '' }));
          if (ok) navigate(afterLogin(params.next));
        }}
      >
        <Field label="Email" id="login-email" error={submission.fieldError('email')}>
          <input id="login-email" name="email" type="email" autocomplete="username" required />
        </Field>
        <Field label="Password" id="login-password" error={submission.fieldError('password')}>
          <input id="login-password" name="password" type="password" autocomplete="current-password" required />
        </Field>
        <ErrorBanner message={submission.error()} />
        <Button type="submit" block disabled={submission.busy()}>
          Log in
        </Button>
      </form>
      <p class="hf-muted">
        New to Holdfast? <A href="/dashboard/signup">Create an organization</A>
      </p>
    </section>
  );
}

export function Signup() {
  const navigate = useNavigate();
  const submission = createSubmission();
  return (
    <section class="hf-card" style={{ 'max-width': '28rem', margin: '0 auto' }} aria-labelledby="signup-title">
      <h1 id="signup-title">Create your organization</h1>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          const v = formValues(e.currentTarget);
          const ok = await submission.run(() =>
            auth.register({ organizationName: v.organizationName ?? '', name: v.name ?? '', email: v.email ?? '', password: v.password ?? '' }),
          );
          if (ok) navigate('/dashboard');
        }}
      >
        <Field label="Organization name" id="signup-org" error={submission.fieldError('organizationName')}>
          <input id="signup-org" name="organizationName" autocomplete="organization" required />
        </Field>
        <Field label="Your name" id="signup-name" error={submission.fieldError('name')}>
          <input id="signup-name" name="name" autocomplete="name" required />
        </Field>
        <Field label="Email" id="signup-email" error={submission.fieldError('email')}>
          <input id="signup-email" name="email" type="email" autocomplete="username" required />
        </Field>
        <Field label="Password" id="signup-password" hint="At least 10 characters." error={submission.fieldError('password')}>
          <input id="signup-password" name="password" type="password" autocomplete="new-password" minLength={10} required />
        </Field>
        <ErrorBanner message={submission.error()} />
        <Button type="submit" block disabled={submission.busy()}>
          Create organization
        </Button>
      </form>
      <p class="hf-muted">
        Already have an account? <A href="/dashboard/login">Log in</A>
      </p>
    </section>
  );
}

/** `/accept-invite#token=…`: the token stays in the fragment, never sent in a URL. */
export function AcceptInvite() {
  const navigate = useNavigate();
  const token = new URLSearchParams(location.hash.slice(1)).get('token') ?? '';
  const [preview] = createResource(
    () => token,
    (t) => auth.previewInvitation(t),
  );
  const submission = createSubmission();
  return (
    <section class="hf-card" style={{ 'max-width': '28rem', margin: '0 auto' }} aria-labelledby="accept-title">
      <h1 id="accept-title">Join your team on Holdfast</h1>
      <Show when={preview.error}>
        <Banner tone="error">{preview.error instanceof Error ? preview.error.message : 'This invitation link is not valid.'}</Banner>
      </Show>
      <Show when={preview()}>
        {(p) => (
          <form
            onSubmit={async (e) => {
              e.preventDefault();
              const v = formValues(e.currentTarget);
              const ok = await submission.run(() => auth.acceptInvitation({ token, name: v.name ?? '', password: v.password ?? '' }));
              if (ok) navigate('/dashboard');
            }}
          >
            <p>
              You are invited to <strong>{p().organizationName}</strong> as {p().role}, with the email {p().email}.
            </p>
            <Field label="Your name" id="accept-name" error={submission.fieldError('name')}>
              <input id="accept-name" name="name" autocomplete="name" required />
            </Field>
            <Field
              label={p().existingAccount ? 'Your Holdfast password' : 'Choose a password'}
              id="accept-password"
              hint={p().existingAccount ? undefined : 'At least 10 characters.'}
              error={submission.fieldError('password')}
            >
              <input id="accept-password" name="password" type="password" autocomplete={p().existingAccount ? 'current-password' : 'new-password'} required />
            </Field>
            <ErrorBanner message={submission.error()} />
            <Button type="submit" block disabled={submission.busy()}>
              Accept invitation
            </Button>
          </form>
        )}
      </Show>
    </section>
  );
}
