import { type JSX, Show, splitProps } from 'solid-js';

export type Tone = 'info' | 'success' | 'warning' | 'error';

type ButtonProps = JSX.ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: 'primary' | 'secondary' | 'danger' | 'quiet';
  block?: boolean;
};

/** A real <button>: its text is its accessible name. */
export function Button(props: ButtonProps) {
  const [local, rest] = splitProps(props, ['variant', 'block', 'class']);
  const classes = () =>
    ['hf-button', local.variant && local.variant !== 'primary' ? `hf-button--${local.variant}` : '', local.block ? 'hf-button--block' : '', local.class ?? '']
      .filter(Boolean)
      .join(' ');
  return <button type="button" {...rest} class={classes()} />;
}

type FieldProps = {
  label: string;
  id: string;
  error?: string | undefined;
  hint?: string | undefined;
  children: JSX.Element;
};

/** Label, control, hint and error wired together for screen readers. */
export function Field(props: FieldProps) {
  return (
    <div class="hf-field">
      <label for={props.id}>{props.label}</label>
      {props.children}
      <Show when={props.hint}>
        <span class="hf-hint" id={`${props.id}-hint`}>
          {props.hint}
        </span>
      </Show>
      <Show when={props.error}>
        <span class="hf-field-error" id={`${props.id}-error`} role="alert">
          {props.error}
        </span>
      </Show>
    </div>
  );
}

/** A notice. `live` makes screen readers announce changes without moving focus. */
export function Banner(props: { tone: Tone; children: JSX.Element; live?: boolean }) {
  return (
    <div class={`hf-banner hf-banner--${props.tone}`} role={props.live ? 'status' : props.tone === 'error' ? 'alert' : undefined} aria-live={props.live ? 'polite' : undefined}>
      {props.children}
    </div>
  );
}

/** A failure message, when there is one: forms show their submission's error this way. */
export function ErrorBanner(props: { message: string | null | undefined | false }) {
  return (
    <Show when={props.message}>
      <Banner tone="error">{props.message}</Banner>
    </Show>
  );
}

/**
 * A bar of `value` out of `max`, named by visible text (`labelledBy`) or a `label`; `valueText`
 * says the value in words ("3.2 MB of 8.0 MB") where a bare number would mean little.
 */
export function ProgressBar(props: { value: number; max: number; labelledBy?: string; label?: string; valueText?: string }) {
  const percent = () => (props.max > 0 ? Math.min(100, Math.max(0, (props.value / props.max) * 100)) : 0);
  return (
    <div
      class="hf-progressbar"
      role="progressbar"
      aria-valuemin={0}
      aria-valuemax={props.max}
      aria-valuenow={props.value}
      aria-valuetext={props.valueText}
      aria-labelledby={props.labelledBy}
      aria-label={props.label}
    >
      <div class="hf-progressbar-fill" style={{ 'inline-size': `${percent()}%` }} />
    </div>
  );
}
