import { createSignal } from 'solid-js';
import { ApiError } from '../lib/api';
import { describeError } from './data';

/**
 * A form's submit state: busy while the call runs, the server's message on failure and the
 * fields it named, so each input can show its own error.
 */
export function createSubmission() {
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const [fields, setFields] = createSignal<Record<string, string>>({});
  async function run<T>(action: () => Promise<T>): Promise<T | undefined> {
    setBusy(true);
    setError(null);
    setFields({});
    try {
      return await action();
    } catch (err) {
      setError(describeError(err));
      if (err instanceof ApiError) setFields(err.fields);
      return undefined;
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, fields, run, fieldError: (name: string) => fields()[name] };
}

export function formValues(form: HTMLFormElement): Record<string, string> {
  const values: Record<string, string> = {};
  new FormData(form).forEach((value, key) => {
    if (typeof value === 'string') values[key] = value;
  });
  return values;
}
