import { createResource, Show } from 'solid-js';
import { Button, ErrorBanner, Field } from '../ui/components';
import { AiLedger } from './AiLedger';
import { can, loadMe, org } from './data';
import { createSubmission, formValues } from './forms';

export default function Settings() {
  const [settings, { mutate }] = createResource(() => org.get());
  const save = createSubmission();
  const logo = createSubmission();
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
                  <input id="org-accent" name="accentColor" type="color" value={s().accentColor} />
                </Field>
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
