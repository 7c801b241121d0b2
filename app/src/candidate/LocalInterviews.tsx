import { A } from '@solidjs/router';
import { createSignal, For, onMount, Show } from 'solid-js';
import type { LocalSession } from '../lib/store';
import { getDevice } from './device';
import { t } from './messages';

/** Interviews started on this device: what an installed app opens to, online or not. */
export function LocalInterviews() {
  const [sessions, setSessions] = createSignal<LocalSession[]>([]);
  onMount(async () => {
    const { db } = await getDevice();
    setSessions((await db.getAll('sessions')).sort((a, b) => b.updatedAt - a.updatedAt));
  });
  return (
    <Show when={sessions().length > 0}>
      <section class="hf-card" aria-labelledby="local-interviews-title">
        <h2 id="local-interviews-title">{t.yourInterviews}</h2>
        <ul>
          <For each={sessions()}>
            {(s) => (
              <li class="hf-row">
                <span>{s.interviewName}</span>
                <A class="hf-button hf-button--secondary" href={`/i/${s.linkToken}`} aria-label={t.continueInterviewNamed(s.interviewName)}>
                  {t.continueInterview}
                </A>
              </li>
            )}
          </For>
        </ul>
      </section>
    </Show>
  );
}
