import { createResource, createSignal, For, Show } from 'solid-js';
import type { InterviewOverview as Overview } from '../../../worker/schemas/overview';
import { SESSION_STATES, type SessionState } from '../../../worker/state/session-states';
import { Banner, Field } from '../ui/components';
import { STATE_LABELS } from './candidates';
import { interviews } from './interviews';
import './overview.css';

/** One colour per state, each at least 3:1 against white, so a bar reads without the table. */
const STATE_COLOURS: Record<SessionState, string> = {
  not_started: '#8c959f',
  in_progress: '#1b8a94',
  completed: '#1e6b3a',
  ready_for_review: '#9a6700',
  ended: '#6639ba',
  reviewed: '#0a3f44',
};
const RANGES = [14, 30, 90] as const;

const percent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 100)}%`);

function duration(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min`;
  return `${Math.round(hours / 24)} days`;
}

const dayLabel = (date: string) => new Date(`${date}T00:00:00Z`).toLocaleDateString(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
const total = (states: Record<SessionState, number>) => SESSION_STATES.reduce((n, s) => n + states[s], 0);

/** Stacked bars, one per day: how many sessions were in each state at that day's end. */
function StatesChart(props: { days: Overview['days'] }) {
  const width = 640;
  const height = 160;
  const top = 4;
  const bottom = 2;
  const max = () => Math.max(1, ...props.days.map((d) => total(d.states)));
  const slot = () => width / props.days.length;
  const y = (n: number) => ((height - top - bottom) * n) / max();
  const last = () => props.days.at(-1);
  const summary = () => {
    const end = last();
    if (!end) return 'No days to show.';
    const parts = SESSION_STATES.filter((s) => end.states[s] > 0).map((s) => `${end.states[s]} ${STATE_LABELS[s]}`);
    return `Sessions by state over the last ${props.days.length} days. Today: ${parts.join(', ') || 'no sessions'}.`;
  };
  return (
    <figure class="hf-chart">
      <figcaption class="hf-chart__title">Sessions by state</figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={summary()} class="hf-chart__svg">
        <line x1="0" x2={width} y1={height - bottom} y2={height - bottom} class="hf-chart__axis" />
        <For each={props.days}>
          {(day, i) => {
            // Each state's segment, stacked from the axis up in the order of the states.
            const segments = () => {
              let below = 0;
              return SESSION_STATES.filter((s) => day.states[s] > 0).map((state) => {
                const h = y(day.states[state]);
                below += h;
                return { state, h, top: height - bottom - below };
              });
            };
            return (
              <g>
                <For each={segments()}>
                  {(segment) => (
                    <rect x={i() * slot() + slot() * 0.15} width={slot() * 0.7} y={segment.top} height={segment.h} fill={STATE_COLOURS[segment.state]} class="hf-chart__bar" />
                  )}
                </For>
              </g>
            );
          }}
        </For>
      </svg>
      {/* Axis labels in HTML, so they keep their size however wide the chart is drawn. */}
      <div class="hf-chart__ticks" aria-hidden="true">
        <span>{dayLabel(props.days[0]?.date ?? '')}</span>
        <span>highest: {max()}</span>
        <span>{dayLabel(last()?.date ?? '')}</span>
      </div>
      <ul class="hf-chart__legend" aria-hidden="true">
        <For each={SESSION_STATES}>
          {(state) => (
            <li>
              <span class="hf-chart__swatch" style={{ background: STATE_COLOURS[state] }} />
              {STATE_LABELS[state]}
            </li>
          )}
        </For>
      </ul>
      <details>
        <summary>Show as a table</summary>
        {/* Focusable, so a keyboard can scroll the table sideways on a phone (WCAG 2.1.1). */}
        {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (WCAG 2.1.1) */}
        <section class="hf-table-wrap" aria-label="Sessions by state per day" tabIndex={0}>
          <table class="hf-table">
            <caption class="hf-visually-hidden">Sessions by state at the end of each day</caption>
            <thead>
              <tr>
                <th scope="col">Day</th>
                <For each={SESSION_STATES}>{(state) => <th scope="col">{STATE_LABELS[state]}</th>}</For>
              </tr>
            </thead>
            <tbody>
              <For each={props.days}>
                {(day) => (
                  <tr>
                    <th scope="row">{dayLabel(day.date)}</th>
                    <For each={SESSION_STATES}>{(state) => <td>{day.states[state]}</td>}</For>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </section>
      </details>
    </figure>
  );
}

/** Horizontal bars for ratings 1 to 5, each with its count written beside it. */
function RatingsChart(props: { ratings: Overview['ratings'] }) {
  const max = () => Math.max(1, ...props.ratings);
  const count = () => props.ratings.reduce((a, b) => a + b, 0);
  const summary = () => (count() === 0 ? 'No answers rated yet.' : `Ratings of ${count()} answers: ${props.ratings.map((n, i) => `${n} rated ${i + 1}`).join(', ')}.`);
  return (
    <figure class="hf-chart">
      <figcaption class="hf-chart__title">Ratings</figcaption>
      <svg viewBox="0 0 320 120" role="img" aria-label={summary()} class="hf-chart__svg">
        <For each={[...props.ratings].reverse()}>
          {(n, i) => {
            const rating = 5 - i();
            return (
              <g>
                <text x="0" y={i() * 24 + 16} class="hf-chart__tick">
                  {'★'.repeat(rating)}
                </text>
                <rect x="70" y={i() * 24 + 4} height="16" width={Math.max(n ? 2 : 0, (210 * n) / max())} fill="#0f5c63" class="hf-chart__bar" />
                <text x={76 + (210 * n) / max()} y={i() * 24 + 16} class="hf-chart__tick">
                  {n}
                </text>
              </g>
            );
          }}
        </For>
      </svg>
    </figure>
  );
}

/** The interview at a glance: where its sessions are, how many finish, how long they take, how they rate. */
export default function InterviewOverview(props: { interviewId: string }) {
  const [days, setDays] = createSignal<number>(RANGES[0]);
  const [overview] = createResource(
    () => ({ id: props.interviewId, days: days() }),
    ({ id, days }) => interviews.overview(id, days),
  );
  const averageRating = (ratings: Overview['ratings']) => {
    const count = ratings.reduce((a, b) => a + b, 0);
    return count ? (ratings.reduce((sum, n, i) => sum + n * (i + 1), 0) / count).toFixed(1) : '—';
  };
  return (
    <section class="hf-stack" aria-label="Overview">
      <Field label="Period" id="overview-range">
        <select id="overview-range" value={days()} onChange={(e) => setDays(Number(e.currentTarget.value))}>
          <For each={RANGES}>{(n) => <option value={n}>Last {n} days</option>}</For>
        </select>
      </Field>
      <Show when={overview.error}>
        <Banner tone="error">The overview could not be loaded: {String(overview.error?.message ?? overview.error)}</Banner>
      </Show>
      <Show when={overview.latest}>
        {(o) => (
          <>
            <dl class="hf-stats">
              <div>
                <dt>Sessions</dt>
                <dd>{o().sessions}</dd>
              </div>
              <div>
                <dt>Completion rate</dt>
                <dd>{percent(o().completionRate)}</dd>
                <dd class="hf-muted">
                  {o().submitted} of {o().sessions} submitted
                </dd>
              </div>
              <div>
                <dt>Median time to complete</dt>
                <dd>{duration(o().medianTimeToCompleteMs)}</dd>
              </div>
              <div>
                <dt>Average rating</dt>
                <dd>{averageRating(o().ratings)}</dd>
              </div>
            </dl>
            <div class="hf-charts">
              <StatesChart days={o().days} />
              <RatingsChart ratings={o().ratings} />
            </div>
          </>
        )}
      </Show>
    </section>
  );
}
