/** The "Pads" view: every live coding interview of the organization, with its state. */
import { A } from '@solidjs/router';
import { createResource, For, Show } from 'solid-js';
import { PAD_IDLE_RULE, PAD_STATE_LABELS } from '../../../worker/schemas/pads';
import { pads } from './pads';

export default function Pads() {
  const [list] = createResource(pads.list);
  return (
    <div class="hf-stack">
      <h1>Pads</h1>
      <p class="hf-muted">
        A pad is a session of a live interview: create a live interview from a code question (or none, for a blank pad), then add the candidate on its Sessions tab. {PAD_IDLE_RULE}
      </p>
      <Show when={list()}>
        {(l) => (
          <table class="hf-table" aria-label="Pads">
            <thead>
              <tr>
                <th scope="col">Candidate</th>
                <th scope="col">Interview</th>
                <th scope="col">State</th>
                <th scope="col">Created</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              <For
                each={l().pads}
                fallback={
                  <tr>
                    <td colSpan={5}>No pads yet.</td>
                  </tr>
                }
              >
                {(p) => (
                  <tr aria-label={`Pad of ${p.candidateName}`}>
                    <td>{p.candidateName}</td>
                    <td>{p.interviewName}</td>
                    <td data-pad-state={p.state}>
                      {PAD_STATE_LABELS[p.state]}
                      {p.state === 'waiting' && p.waitingSince ? ` since ${new Date(p.waitingSince).toLocaleTimeString()}` : ''}
                    </td>
                    <td>{new Date(p.createdAt).toLocaleString()}</td>
                    <td>
                      <Show when={p.state === 'ended'} fallback={<A href={`/dashboard/pads/${p.sessionId}`}>Open pad</A>}>
                        <A href={`/dashboard/pads/${p.sessionId}/playback`}>Playback</A>
                      </Show>
                    </td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        )}
      </Show>
    </div>
  );
}
