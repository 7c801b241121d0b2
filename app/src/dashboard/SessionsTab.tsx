import { A } from '@solidjs/router';
import { createResource, createSignal, For, Show } from 'solid-js';
import { createStore } from 'solid-js/store';
import { Banner, Button, ErrorBanner, Field } from '../ui/components';
import { AddCandidates } from './AddCandidates';
import { ANALYSIS_LABELS, type AnalysisStatus } from './analysis';
import { CopyButton } from './CopyButton';
import { candidates, type SessionListItem, type SessionQuery, type SessionState, STATE_LABELS } from './candidates';
import { can } from './data';
import { createSubmission } from './forms';
import type { Interview } from './interviews';
import { LiveStatus } from './LiveStatus';
import { review } from './review';

/** Read again whenever `version` moves: adding or deleting a session changes it without a reload. */
function QuotaMeter(props: { version: number }) {
  const [quota] = createResource(
    () => props.version,
    () => candidates.quota(),
  );
  return (
    <Show when={quota()}>
      {(q) => (
        <div class="hf-row">
          <label for="quota-meter" class="hf-label">
            Sessions used
          </label>
          <meter id="quota-meter" class="hf-meter-bar" min={0} max={q().limit} high={q().limit * 0.9} value={q().used} />
          <span class="hf-muted">
            {q().used} of {q().limit} · deleting a session within {q().refundWindowDays} days of creating it gives it back
          </span>
        </div>
      )}
    </Show>
  );
}

/**
 * The Sessions tab: every candidate of the interview with status and progress; filter, search,
 * sort, and pages that stay fast at any size (the server pages by key, not by offset).
 */
export function SessionsTab(props: { interview: Interview }) {
  const [query, setQuery] = createStore<SessionQuery>({ status: '', analysis: '', q: '', sort: 'created', dir: 'desc' });
  const [rows, setRows] = createSignal<SessionListItem[]>([]);
  const [cursor, setCursor] = createSignal<string | null>(null);
  const [version, setVersion] = createSignal(0);
  const [toDelete, setToDelete] = createSignal<SessionListItem | null>(null);
  /** Statuses pushed by the sessions' objects since the page loaded: the tab never needs a reload. */
  const [liveStates, setLiveStates] = createSignal<Record<string, SessionState>>({});
  /** Answers held, pushed the same way: the Progress column follows the candidate. */
  const [liveAnswered, setLiveAnswered] = createSignal<Record<string, number>>({});
  const action = createSubmission();
  let deleteDialog: HTMLDialogElement | undefined;

  const [firstPage] = createResource(
    () => ({ ...query, v: version() }),
    async ({ v: _v, ...q }) => {
      const page = await candidates.sessions(props.interview.id, q);
      setRows(page.sessions);
      setCursor(page.nextCursor);
      return page;
    },
  );
  const reload = () => setVersion((v) => v + 1);
  async function loadMore() {
    const page = await action.run(() => candidates.sessions(props.interview.id, { ...query, cursor: cursor() }));
    if (page) {
      setRows((r) => [...r, ...page.sessions]);
      setCursor(page.nextCursor);
    }
  }

  return (
    <div class="hf-stack">
      <QuotaMeter version={version()} />
      <div class="hf-row">
        <Show when={can('candidates.manage')}>
          <AddCandidates interviewId={props.interview.id} onAdded={reload} />
        </Show>
        <a class="hf-button hf-button--secondary" href={review.exportUrl(props.interview.id)} download="">
          Export CSV
        </a>
        <Field label="Status" id="filter-status">
          <select id="filter-status" value={query.status ?? ''} onChange={(e) => setQuery('status', e.currentTarget.value as SessionState | '')}>
            <option value="">All statuses</option>
            <For each={Object.entries(STATE_LABELS)}>{([value, label]) => <option value={value}>{label}</option>}</For>
          </select>
        </Field>
        <Field label="Analysis" id="filter-analysis">
          <select id="filter-analysis" value={query.analysis ?? ''} onChange={(e) => setQuery('analysis', e.currentTarget.value as AnalysisStatus | '')}>
            <option value="">Any analysis</option>
            <For each={Object.entries(ANALYSIS_LABELS)}>{([value, label]) => <option value={value}>{label}</option>}</For>
          </select>
        </Field>
        <Field label="Search by name or email" id="filter-q">
          <input id="filter-q" type="search" value={query.q ?? ''} onChange={(e) => setQuery('q', e.currentTarget.value)} />
        </Field>
        <Field label="Sort by" id="filter-sort">
          <select
            id="filter-sort"
            value={`${query.sort}:${query.dir}`}
            onChange={(e) => {
              const [sort, dir] = e.currentTarget.value.split(':') as [SessionQuery['sort'], SessionQuery['dir']];
              setQuery({ sort, dir });
            }}
          >
            <option value="created:desc">Newest first</option>
            <option value="created:asc">Oldest first</option>
            <option value="updated:desc">Recently updated</option>
            <option value="name:asc">Name A–Z</option>
            <option value="name:desc">Name Z–A</option>
            <option value="analysis:desc">AI score, highest first</option>
            <option value="analysis:asc">AI score, lowest first</option>
          </select>
        </Field>
      </div>
      <Show when={action.error() || firstPage.error}>
        <Banner tone="error">{action.error() ?? String(firstPage.error?.message ?? firstPage.error)}</Banner>
      </Show>
      {/* Scrolls sideways on a narrow screen, so it takes focus: keyboard users can scroll it too. */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (WCAG 2.1.1) */}
      <section class="hf-table-wrap" aria-label="Sessions table" tabIndex={0}>
        <table class="hf-table" aria-label="Sessions">
          <thead>
            <tr>
              <th scope="col">Candidate</th>
              <th scope="col">Email</th>
              <th scope="col">Status</th>
              <th scope="col">Progress</th>
              <th scope="col">Live</th>
              <th scope="col">Analysis</th>
              <th scope="col">Created</th>
              <th scope="col">Updated</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            <For
              each={rows()}
              fallback={
                <tr>
                  <td colSpan={9} class="hf-muted">
                    No sessions yet. Use “+ Add” to add candidates.
                  </td>
                </tr>
              }
            >
              {(row) => (
                <tr aria-label={`Session of ${row.candidate.name}`}>
                  <td>
                    <A href={`/dashboard/sessions/${row.id}`}>{row.candidate.name}</A>
                    <Show when={row.practice}>
                      {' '}
                      <span class="hf-tag">practice</span>
                    </Show>
                    <Show when={row.retakenBy}>
                      {' '}
                      <span class="hf-tag">retaken</span>
                    </Show>
                    <Show when={row.retakeOf}>
                      {' '}
                      <span class="hf-tag">retake</span>
                    </Show>
                  </td>
                  <td>{row.candidate.email ?? '—'}</td>
                  <td data-status={liveStates()[row.id] ?? row.status}>{STATE_LABELS[liveStates()[row.id] ?? row.status]}</td>
                  <td>
                    {liveAnswered()[row.id] ?? row.progress.answered} / {row.progress.total}
                  </td>
                  <td>
                    {/* A session not started yet is watched too: it goes live the moment the candidate starts. */}
                    <Show when={row.status === 'not_started' || row.status === 'in_progress'} fallback={<span class="hf-muted">—</span>}>
                      <LiveStatus
                        sessionId={row.id}
                        onStatus={(frame) => {
                          setLiveStates((states) => ({ ...states, [row.id]: frame.status }));
                          setLiveAnswered((answered) => ({ ...answered, [row.id]: frame.answeredCount }));
                        }}
                      />
                    </Show>
                  </td>
                  <td data-analysis={row.analysis.state ?? ''}>
                    {row.analysis.score !== null ? `${row.analysis.score} / 100` : row.analysis.state ? ANALYSIS_LABELS[row.analysis.state] : '—'}
                  </td>
                  <td>{new Date(row.createdAt).toLocaleString()}</td>
                  <td>{new Date(row.updatedAt).toLocaleString()}</td>
                  <td>
                    <div class="hf-row">
                      <Show when={row.inviteUrl}>{(url) => <CopyButton text={url()} label={`Copy invite link for ${row.candidate.name}`} />}</Show>
                      <Show when={row.retakeOf || row.retakenBy}>
                        <A href={`/dashboard/sessions/${row.id}/compare`} aria-label={`Compare retakes of ${row.candidate.name}`}>
                          Compare retakes
                        </A>
                      </Show>
                      <Show when={can('candidates.manage')}>
                        <Button variant="quiet" aria-label={`Retake for ${row.candidate.name}`} onClick={() => void action.run(() => candidates.retake(row.id)).then(reload)}>
                          Retake
                        </Button>
                        <Button
                          variant="quiet"
                          aria-label={`Delete session of ${row.candidate.name}`}
                          onClick={() => {
                            setToDelete(row);
                            deleteDialog?.showModal();
                          }}
                        >
                          Delete
                        </Button>
                      </Show>
                    </div>
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </section>
      <Show when={cursor()}>
        <Button variant="secondary" onClick={() => void loadMore()} disabled={action.busy()}>
          Load more sessions
        </Button>
      </Show>
      <dialog ref={deleteDialog} class="hf-dialog" aria-label="Delete session" onClose={() => setToDelete(null)}>
        <Show when={toDelete()}>
          {(row) => (
            <form
              method="dialog"
              onSubmit={async (e) => {
                e.preventDefault();
                const name = String(new FormData(e.currentTarget).get('confirmName') ?? '');
                const done = await action.run(() => candidates.remove(row().id, name));
                if (done !== undefined) {
                  deleteDialog?.close();
                  reload();
                }
              }}
            >
              <h2>Delete {row().candidate.name}’s session?</h2>
              <p>This permanently deletes the session, its answers and recordings. It cannot be undone. Sessions deleted within 28 days of being created give their quota back.</p>
              <Field label={`Type “${row().candidate.name}” to confirm`} id="confirm-name">
                <input id="confirm-name" name="confirmName" autocomplete="off" required />
              </Field>
              <ErrorBanner message={action.error()} />
              <div class="hf-row">
                <Button type="submit" variant="danger">
                  Delete permanently
                </Button>
                <Button variant="secondary" onClick={() => deleteDialog?.close()}>
                  Cancel
                </Button>
              </div>
            </form>
          )}
        </Show>
      </dialog>
    </div>
  );
}
