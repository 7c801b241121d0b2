import { createResource, createSignal, Show } from 'solid-js';
import { Button, ErrorBanner, Field } from '../ui/components';
import { AccentPreview } from './AccentPreview';
import { AiLedger } from './AiLedger';
import { can, loadMe, org } from './data';
import { createSubmission, formValues } from './forms';
import { pads } from './pads';

export default function Settings() {
  const [settings, { mutate }] = createResource(() => org.get());
  const save = createSubmission();
  const logo = createSubmission();
  /** The colour being chosen, before it is saved: the preview and warning follow it. */
  const [accent, setAccent] = createSignal<string>();
  return (
    <div class="hf-stack">
      <h1>Organization settings</h1>
      <Show when={settings()}>
        {(s) => (
          <>
            <section class="hf-card" aria-labelledby="branding-title">
              <h2 id="branding-title">Name and branding</h2>
              <form
                onSubmit={async (e) => {
                  e.preventDefault();
                  const v = formValues(e.currentTarget);
                  const updated = await save.run(() => org.update({ name: v.name, accentColor: v.accentColor, retentionDays: Number(v.retentionDays) }));
                  if (updated) {
                    mutate(updated);
                    void loadMe();
                  }
                }}
              >
                <Field label="Organization name" id="org-name" error={save.fieldError('name')}>
                  <input id="org-name" name="name" value={s().name} required />
                </Field>
                <Field label="Accent colour" id="org-accent" error={save.fieldError('accentColor')}>
                  <input id="org-accent" name="accentColor" type="color" value={s().accentColor} onInput={(e) => setAccent(e.currentTarget.value)} />
                </Field>
                <AccentPreview accent={accent() ?? s().accentColor} />
                <Field label="Keep candidate data for (days)" id="org-retention" error={save.fieldError('retentionDays')}>
                  <input id="org-retention" name="retentionDays" type="number" min={1} max={3650} value={s().retentionDays} />
                </Field>
                <ErrorBanner message={save.error()} />
                <Button type="submit" disabled={save.busy()}>
                  Save settings
                </Button>
              </form>
            </section>
            <section class="hf-card" aria-labelledby="logo-title">
              <h2 id="logo-title">Logo</h2>
              <Show when={s().logoUrl}>{(url) => <img src={url()} alt={`${s().name} logo`} style={{ 'max-height': '4rem' }} />}</Show>
              <Field label="Upload a logo (PNG, JPEG or WebP, up to 512 KB)" id="org-logo" error={logo.error() ?? undefined}>
                <input
                  id="org-logo"
                  type="file"
                  accept="image/png,image/jpeg,image/webp"
                  onChange={async (e) => {
                    const file = e.currentTarget.files?.[0];
                    if (!file) return;
                    const updated = await logo.run(() => org.uploadLogo(file));
                    if (updated) mutate(updated);
                  }}
                />
              </Field>
              <Show when={s().logoUrl}>
                <Button
                  variant="secondary"
                  onClick={async () => {
                    const updated = await logo.run(() => org.removeLogo());
                    if (updated) mutate(updated);
                  }}
                >
                  Remove logo
                </Button>
              </Show>
            </section>
            <PadSettings />
            <section class="hf-card" aria-labelledby="usage-title">
              <h2 id="usage-title">Usage</h2>
              <p>AI tokens: {s().aiTokens}</p>
              <p>Session quota: {s().sessionQuota}</p>
            </section>
            <Show when={can('org.manage')}>
              <AiLedger />
            </Show>
          </>
        )}
      </Show>
    </div>
  );
}

/** Live interviews: whether candidates wait for an interviewer's Admit, and what the waiting room says. */
function PadSettings() {
  const [settings, { mutate }] = createResource(() => pads.settings());
  const save = createSubmission();
  return (
    <section class="hf-card" aria-labelledby="pads-title">
      <h2 id="pads-title">Live interviews (pads)</h2>
      <Show when={settings()}>
        {(s) => (
          <form
            onSubmit={async (e) => {
              e.preventDefault();
              const form = e.currentTarget;
              const data = new FormData(form);
              const updated = await save.run(() => pads.saveSettings({ waitingRoom: data.get('waitingRoom') === 'on', waitingMessage: String(data.get('waitingMessage') ?? '') }));
              if (updated) mutate(updated);
            }}
          >
            <label class="hf-choice">
              <input type="checkbox" name="waitingRoom" checked={s().waitingRoom} />
              <span>Waiting room: candidates wait until an interviewer clicks Admit</span>
            </label>
            <Field label="Waiting message" id="pad-waiting-message" error={save.fieldError('waitingMessage')} hint="Shown with your name and logo while the candidate waits.">
              <textarea id="pad-waiting-message" name="waitingMessage" rows={3} maxLength={1000} value={s().waitingMessage} />
            </Field>
            <ErrorBanner message={save.error()} />
            <Button type="submit" disabled={save.busy()}>
              Save pad settings
            </Button>
          </form>
        )}
      </Show>
    </section>
  );
}
