import { A } from '@solidjs/router';
import { createResource, For, Show } from 'solid-js';
import { ErrorBanner } from '../ui/components';
import { analysis } from './analysis';
import { describeError } from './data';

/** Admins' view of the AI token balance and every debit: who, what, when, how many, for which session. */
export function AiLedger() {
  const [ledger] = createResource(() => analysis.ledger());
  return (
    <section class="hf-card hf-stack" aria-labelledby="ledger-title">
      <h2 id="ledger-title">AI token ledger</h2>
      <ErrorBanner message={ledger.error ? describeError(ledger.error) : null} />
      <Show when={ledger()}>
        {(l) => (
          <>
            <p>
              Balance: <strong>{l().balance}</strong> AI tokens
            </p>
            {/* Focusable, so a keyboard can scroll the table sideways on a phone (WCAG 2.1.1). */}
            {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (WCAG 2.1.1) */}
            <section class="hf-table-wrap" aria-label="AI token ledger" tabIndex={0}>
              <table class="hf-table" aria-label="AI token ledger">
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">What</th>
                    <th scope="col">Tokens</th>
                    <th scope="col">Asked by</th>
                    <th scope="col">Session</th>
                  </tr>
                </thead>
                <tbody>
                  <For
                    each={l().entries}
                    fallback={
                      <tr>
                        <td colSpan={5} class="hf-muted">
                          No AI tokens spent yet.
                        </td>
                      </tr>
                    }
                  >
                    {(e) => (
                      <tr>
                        <td>{new Date(e.at).toLocaleString()}</td>
                        <td>{e.what}</td>
                        <td>{e.tokens}</td>
                        <td>{e.memberName ?? 'Automatic (session finished)'}</td>
                        <td>
                          <Show when={e.sessionId} fallback="—">
                            {(id) => <A href={`/dashboard/sessions/${id()}`}>Open session</A>}
                          </Show>
                        </td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </section>
          </>
        )}
      </Show>
    </section>
  );
}
