import { A } from '@solidjs/router';
import { createResource, createSignal, For, type JSX, onCleanup, Show } from 'solid-js';
import { createStore } from 'solid-js/store';
import type { LiveStatus as LiveStatusFrame } from '../../../worker/schemas/live';
import { PAD_STATE_LABELS, type PadState } from '../../../worker/schemas/pads';
import { Banner, Button, ErrorBanner, Field } from '../ui/components';
import { ActionsMenu, type MenuAction } from './ActionsMenu';
import { AddCandidates } from './AddCandidates';
import { ANALYSIS_LABELS, type AnalysisStatus } from './analysis';
import { candidates, type SessionListItem, type SessionQuery, type SessionState, STATE_LABELS } from './candidates';
import { can } from './data';
import { createSubmission } from './forms';
import type { Interview } from './interviews';
import { LiveStatus } from './LiveStatus';
import { pads } from './pads';
import { review } from './review';
import './sessions-tab.css';

/** How long typing may pause before the search runs: a word, not every letter. */
const SEARCH_DEBOUNCE_MS = 250;
/** While the tab is visible the meter is read again this often (public-link starts change it too). */
const QUOTA_REFRESH_MS = 30_000;

/** Read again whenever `version` moves (a session added, deleted or started), and every half minute while visible. */
function QuotaMeter(props: { version: number }) {
  const [tick, setTick] = createSignal(0);
  const timer = setInterval(() => {
    if (document.visibilityState === 'visible') setTick((t) => t + 1);
  }, QUOTA_REFRESH_MS);
  onCleanup(() => clearInterval(timer));
  const [quota] = createResource(
    () => [props.version, tick()] as const,
    () => candidates.quota(),
  );
  return (
    <Show when={quota.latest}>
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

/** The time a candidate took, first start to submission: "2 h 14 min", "38 min". */
function timeUsed(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return 'under 1 min';
  const hours = Math.floor(minutes / 60);
  return hours > 0 ? `${hours} h ${minutes % 60} min` : `${minutes} min`;
}

/** What a cell may read of its row: the row as loaded, and what its session's object pushed since. */
interface RowView {
  row: SessionListItem;
  status: () => SessionState;
  answered: () => number;
  /** A live interview's session is a pad, with a state of its own (Waiting among them). */
  padState: () => PadState | undefined;
  onLive: (frame: LiveStatusFrame) => void;
}

/**
 * The table's columns, in order; a new column is one entry here. `label` heads the column and
 * names the value in the phone's card layout.
 */
interface Column {
  id: string;
  label: string;
  cell: (view: RowView) => JSX.Element;
}

const shortDate = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });

const COLUMNS: Column[] = [
  {
    id: 'candidate',
    label: 'Candidate',
    cell: ({ row }) => (
      <>
        <A href={`/dashboard/sessions/${row.id}`} class="hf-sessions__name">
          {row.candidate.name}
        </A>
        <Show when={row.practice}>
          {' '}
          <span class="hf-tag">practice</span>
        </Show>
        <Show when={row.retakeOf || row.retakenBy}>
          {' '}
          {/* The visible word begins the name (WCAG 2.5.3, label in name). */}
          <A class="hf-tag" href={`/dashboard/sessions/${row.id}/compare`} aria-label={`${row.retakeOf ? 'retake' : 'retaken'}: Compare retakes of ${row.candidate.name}`}>
            {row.retakeOf ? 'retake' : 'retaken'}
          </A>
        </Show>
      </>
    ),
  },
  { id: 'email', label: 'Email', cell: ({ row }) => row.candidate.email ?? '—' },
  {
    id: 'status',
    label: 'Status',
    cell: ({ row, status, padState }) => (
      <Show when={padState()} fallback={STATE_LABELS[status()]}>
        {(state) => (
          <>
            {PAD_STATE_LABELS[state()]}{' '}
            <A href={state() === 'ended' ? `/dashboard/pads/${row.id}/playback` : `/dashboard/pads/${row.id}`}>{state() === 'ended' ? 'Playback' : 'Open pad'}</A>
          </>
        )}
      </Show>
    ),
  },
  {
    id: 'progress',
    label: 'Progress',
    cell: ({ row, answered }) => (
      <>
        {answered()} / {row.progress.total}
      </>
    ),
  },
  { id: 'timeUsed', label: 'Time used', cell: ({ row }) => (row.timeUsedMs === null ? <span class="hf-muted">—</span> : timeUsed(row.timeUsedMs)) },
  {
    id: 'live',
    label: 'Live',
    // A session not started yet is watched too: it goes live the moment the candidate starts.
    cell: ({ row, onLive }) => (
      <Show when={row.status === 'not_started' || row.status === 'in_progress'} fallback={<span class="hf-muted">—</span>}>
        <LiveStatus sessionId={row.id} onStatus={onLive} />
      </Show>
    ),
  },
  {
    id: 'analysis',
    label: 'Analysis',
    cell: ({ row }) => (row.analysis.score !== null ? `${row.analysis.score} / 100` : row.analysis.state ? ANALYSIS_LABELS[row.analysis.state] : '—'),
  },
  { id: 'created', label: 'Created', cell: ({ row }) => <time datetime={new Date(row.createdAt).toISOString()}>{shortDate.format(row.createdAt)}</time> },
  { id: 'updated', label: 'Updated', cell: ({ row }) => <time datetime={new Date(row.updatedAt).toISOString()}>{shortDate.format(row.updatedAt)}</time> },
];

/**
 * The Sessions tab: every candidate of the interview with status and progress; filter, search as
 * you type, sort, and pages that stay fast at any size (the server pages by key, not by offset).
 * Compact rows with their actions in a menu; cards on a phone.
 */
export function SessionsTab(props: { interview: Interview }) {
  const [query, setQuery] = createStore<SessionQuery>({ status: '', analysis: '', q: '', sort: 'created', dir: 'desc' });
  const [rows, setRows] = createSignal<SessionListItem[]>([]);
  const [cursor, setCursor] = createSignal<string | null>(null);
  const [version, setVersion] = createSignal(0);
  const [toDelete, setToDelete] = createSignal<SessionListItem | null>(null);
  const [copied, setCopied] = createSignal('');
  /** Statuses pushed by the sessions' objects since the page loaded: the tab never needs a reload. */
  const [liveStates, setLiveStates] = createSignal<Record<string, SessionState>>({});
  // A live interview's sessions are pads: their own state (Waiting among them) and a link to open them.
  const [padStates] = createResource(
    () => props.interview.format === 'live',
    async () => new Map((await pads.list()).pads.map((p) => [p.sessionId, p.state])),
  );
  /** Answers held, pushed the same way: the Progress column follows the candidate. */
  const [liveAnswered, setLiveAnswered] = createSignal<Record<string, number>>({});
  const [quotaVersion, setQuotaVersion] = createSignal(0);
  const action = createSubmission();
  let deleteDialog: HTMLDialogElement | undefined;
  let searchTimer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(searchTimer));
  /** Only the newest request may fill the table: an older search answering late is dropped. */
  let latestRequest = 0;

  const [firstPage] = createResource(
    () => ({ ...query, v: version() }),
    async ({ v: _v, ...q }) => {
      const request = ++latestRequest;
      const page = await candidates.sessions(props.interview.id, q);
      if (request === latestRequest) {
        setRows(page.sessions);
        setCursor(page.nextCursor);
      }
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
  const viewOf = (row: SessionListItem): RowView => ({
    row,
    status: () => liveStates()[row.id] ?? row.status,
    answered: () => liveAnswered()[row.id] ?? row.progress.answered,
    padState: () => padStates()?.get(row.id),
    onLive: (frame) => {
      // A session that starts or ends changes what the quota meter counts.
      if (frame.status !== (liveStates()[row.id] ?? row.status)) setQuotaVersion((v) => v + 1);
      setLiveStates((states) => ({ ...states, [row.id]: frame.status }));
      setLiveAnswered((answered) => ({ ...answered, [row.id]: frame.answeredCount }));
    },
  });
  const actionsOf = (row: SessionListItem): MenuAction[] => {
    const name = row.candidate.name;
    const list: MenuAction[] = [{ label: 'Open session', href: `/dashboard/sessions/${row.id}` }];
    const url = row.inviteUrl;
    if (url) {
      list.push({
        label: 'Copy invite link',
        onSelect: () =>
          void navigator.clipboard.writeText(url).then(
            () => setCopied(`Invite link for ${name} copied.`),
            () => setCopied(`Could not copy the invite link for ${name}: ${url}`),
          ),
      });
    }
    if (row.retakeOf || row.retakenBy) list.push({ label: 'Compare retakes', href: `/dashboard/sessions/${row.id}/compare` });
    if (can('candidates.manage')) {
      list.push({ label: 'Retake', onSelect: () => void action.run(() => candidates.retake(row.id)).then(reload) });
      list.push({
        label: 'Delete…',
        onSelect: () => {
          setToDelete(row);
          deleteDialog?.showModal();
        },
      });
    }
    return list;
  };

  return (
    <div class="hf-stack">
      <QuotaMeter version={version() + quotaVersion()} />
      <div class="hf-row hf-sessions__tools">
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
          <input
            id="filter-q"
            type="search"
            autocomplete="off"
            value={query.q ?? ''}
            onInput={(e) => {
              const text = e.currentTarget.value;
              clearTimeout(searchTimer);
              searchTimer = setTimeout(() => setQuery('q', text.trim()), SEARCH_DEBOUNCE_MS);
            }}
            onKeyDown={(e) => {
              if (e.key !== 'Enter') return;
              clearTimeout(searchTimer);
              setQuery('q', e.currentTarget.value.trim());
            }}
          />
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
      <p role="status" class="hf-muted hf-sessions__count">
        {firstPage.loading ? 'Searching…' : `${rows().length}${cursor() ? '+' : ''} session${rows().length === 1 ? '' : 's'}${query.q ? ` matching “${query.q}”` : ''}`}
        {copied() ? ` · ${copied()}` : ''}
      </p>
      {/* Scrolls sideways on a narrow screen, so it takes focus: keyboard users can scroll it too. */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (WCAG 2.1.1) */}
      <section class="hf-table-wrap" aria-label="Sessions table" tabIndex={0}>
        <table class="hf-table hf-sessions" aria-label="Sessions">
          <thead>
            <tr>
              <For each={COLUMNS}>{(column) => <th scope="col">{column.label}</th>}</For>
              <th scope="col">
                <span class="hf-visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            <For
              each={rows()}
              fallback={
                <tr>
                  <td colSpan={COLUMNS.length + 1} class="hf-muted">
                    {query.q || query.status ? 'No sessions match.' : 'No sessions yet. Use “+ Add” to add candidates.'}
                  </td>
                </tr>
              }
            >
              {(row) => {
                const view = viewOf(row);
                return (
                  <tr aria-label={`Session of ${row.candidate.name}`}>
                    <For each={COLUMNS}>
                      {(column) => (
                        <td data-column={column.id} data-label={column.label} data-status={column.id === 'status' ? view.status() : undefined}>
                          {column.cell(view)}
                        </td>
                      )}
                    </For>
                    <td data-column="actions">
                      <ActionsMenu label={`Actions for ${row.candidate.name}`} items={actionsOf(row)} />
                    </td>
                  </tr>
                );
              }}
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
