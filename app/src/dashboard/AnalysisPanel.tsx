import { createEffect, createSignal, For, onCleanup, Show } from 'solid-js';
import { Banner, Button, ErrorBanner } from '../ui/components';
import { ANALYSIS_LABELS, type AnalysisView, type AnswerAssessment, analysis, VERDICT_LABELS } from './analysis';
import { describeError } from './data';
import { createSubmission } from './forms';
import { clock } from './review';
import { ScaleProfile } from './ScaleProfile';

const POLL_MS = 3_000;
const seconds = (ms: number | null) => (ms === null ? '—' : `${Math.round(ms / 1000)} s`);

/**
 * The review page's "AI analysis" panel: the built-in results that need no model, and, when a
 * provider is configured, transcripts and rubric results per answer and a 0–100 overall score,
 * labelled as AI-generated with the models' names. Clicking an evidence time plays the answer's
 * recording from there. A reviewer's score stands beside the AI's; AI never rejects or advances.
 */
export function AnalysisPanel(props: {
  sessionId: string;
  canReview: boolean;
  seek: (questionId: string, ms: number) => void;
  /** Each analysis as it loads, for the page's summary. */
  onView?: (view: AnalysisView) => void;
}) {
  const [view, setView] = createSignal<AnalysisView | null>(null);
  createEffect(() => {
    const v = view();
    if (v) props.onView?.(v);
  });
  const [error, setError] = createSignal<string | null>(null);
  const rerun = createSubmission();
  let timer: ReturnType<typeof setTimeout> | undefined;

  async function load() {
    clearTimeout(timer);
    try {
      const next = await analysis.get(props.sessionId);
      setView(next);
      setError(null);
      if (next.status === 'pending') timer = setTimeout(() => void load(), POLL_MS);
    } catch (err) {
      setError(describeError(err));
    }
  }
  void load();
  onCleanup(() => clearTimeout(timer));

  async function runAgain() {
    const next = await rerun.run(() => analysis.rerun(props.sessionId));
    if (next) {
      setView(next);
      void load();
    }
  }

  return (
    <section class="hf-card hf-stack" aria-labelledby="analysis-heading">
      <h2 id="analysis-heading">AI analysis</h2>
      <ErrorBanner message={error()} />
      <Show when={view()} fallback={<Show when={!error()}>{<p role="status">Loading analysis…</p>}</Show>}>
        {(v) => (
          <>
            <p role="status">
              Analysis: <strong>{ANALYSIS_LABELS[v().status]}</strong>
              <Show when={v().message}>{(m) => <span> — {m()}</span>}</Show>
            </p>
            <Show when={v().provider.configured}>
              <p>
                <span class="hf-tag">AI-generated</span> by {v().provider.models.join(' and ')}. It informs your review; it never rejects or advances anyone.
              </p>
            </Show>
            <Show when={v().needsProvider.length > 0}>
              <Banner tone="info">
                <p>No AI provider is configured, so these parts need one:</p>
                <ul aria-label="Needs an AI provider">
                  <For each={v().needsProvider}>{(part) => <li>{part}</li>}</For>
                </ul>
              </Banner>
            </Show>

            <Show when={v().provider.configured && v().status !== 'pending'}>
              <section class="hf-stack" aria-label="Overall AI score">
                <p>
                  Overall (AI): <strong>{v().overall.score === null ? 'insufficient data' : `${v().overall.score} / 100`}</strong>
                </p>
                <Show when={v().overall.breakdown.length > 0}>
                  <ul aria-label="Breakdown of the overall score">
                    <For each={v().overall.breakdown}>
                      {(part) => (
                        <li>
                          {part.title}: {part.score} / 100
                        </li>
                      )}
                    </For>
                  </ul>
                </Show>
                <Override sessionId={props.sessionId} target="overall" label="overall" view={v()} canReview={props.canReview} onSaved={(o) => setView({ ...v(), overrides: o })} />
              </section>
            </Show>

            <For each={v().answers}>
              {(answer) => (
                <article class="hf-stack" aria-label={`AI analysis of “${answer.title}”`}>
                  <h3>{answer.title}</h3>
                  <Assessment
                    assessment={answer.assessment}
                    title={answer.title}
                    onSeek={(ms) => props.seek(answer.questionId, ms)}
                    recorded={answer.type === 'video' || answer.type === 'audio'}
                  />
                  <Show when={answer.assessment.status === 'assessed'}>
                    <Override
                      sessionId={props.sessionId}
                      target={answer.questionId}
                      label={`“${answer.title}”`}
                      view={v()}
                      canReview={props.canReview}
                      onSaved={(o) => setView({ ...v(), overrides: o })}
                    />
                  </Show>
                  <Show when={answer.transcript}>
                    {(t) => (
                      <details>
                        <summary>Transcript (AI-generated)</summary>
                        <ol class="hf-list" aria-label={`Transcript of “${answer.title}”`}>
                          <For each={t().segments}>
                            {(s) => (
                              <li>
                                <Button
                                  variant="quiet"
                                  aria-label={`Play “${answer.title}” from ${clock(s.startMs / 1000)}`}
                                  onClick={() => props.seek(answer.questionId, s.startMs)}
                                >
                                  {clock(s.startMs / 1000)}
                                </Button>
                                <span>{s.text}</span>
                              </li>
                            )}
                          </For>
                        </ol>
                      </details>
                    )}
                  </Show>
                </article>
              )}
            </For>

            <Builtins view={v()} seek={props.seek} />

            <ErrorBanner message={rerun.error()} />
            <Show when={props.canReview && v().status !== 'pending'}>
              <div class="hf-row">
                <Button variant="secondary" onClick={() => void runAgain()} disabled={rerun.busy()}>
                  Run analysis again
                </Button>
                <Show when={v().provider.configured}>
                  <span class="hf-muted">Uses the organization's AI tokens.</span>
                </Show>
              </div>
            </Show>
          </>
        )}
      </Show>
    </section>
  );
}

function Assessment(props: { assessment: AnswerAssessment; title: string; recorded: boolean; onSeek: (ms: number) => void }) {
  const assessed = () => (props.assessment.status === 'assessed' ? props.assessment : null);
  const reason = () => (props.assessment.status === 'assessed' ? '' : props.assessment.reason);
  const label = () => (props.assessment.status === 'insufficient_data' ? 'Insufficient data' : props.assessment.status === 'failed' ? 'Failed' : null);
  return (
    <Show
      when={assessed()}
      fallback={
        <p>
          <Show when={label()}>{(l) => <strong>{l()}: </strong>}</Show>
          {reason()}
        </p>
      }
    >
      {(a) => (
        <>
          <p>
            AI score: <strong>{a().score} / 100</strong>
          </p>
          <table class="hf-table">
            <caption class="hf-label">Rubric for “{props.title}” (AI-generated)</caption>
            <thead>
              <tr>
                <th scope="col">Criterion</th>
                <th scope="col">Verdict</th>
                <th scope="col">Evidence</th>
              </tr>
            </thead>
            <tbody>
              <For each={a().criteria}>
                {(c) => (
                  <tr>
                    <td>{c.criterion}</td>
                    <td>{VERDICT_LABELS[c.verdict]}</td>
                    <td>
                      <Show when={c.evidence} fallback={<span class="hf-muted">nothing in the answer</span>}>
                        <q>{c.evidence}</q>
                      </Show>
                      <Show when={props.recorded && c.atMs !== null}>
                        <Button variant="quiet" aria-label={`Play “${props.title}” from ${clock((c.atMs ?? 0) / 1000)}`} onClick={() => props.onSeek(c.atMs ?? 0)}>
                          {clock((c.atMs ?? 0) / 1000)}
                        </Button>
                      </Show>
                    </td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </>
      )}
    </Show>
  );
}

function Override(props: { sessionId: string; target: string; label: string; view: AnalysisView; canReview: boolean; onSaved: (o: AnalysisView['overrides']) => void }) {
  const saving = createSubmission();
  const current = () => props.view.overrides[props.target];
  const id = `override-${props.target}`;
  let input: HTMLInputElement | undefined;
  async function save() {
    const raw = input?.value.trim() ?? '';
    const saved = await saving.run(() => analysis.override(props.sessionId, props.target, raw === '' ? null : Number(raw)));
    if (saved) props.onSaved(saved.overrides);
  }
  return (
    <div class="hf-stack">
      <Show when={current()}>
        {(o) => (
          <p>
            Reviewer’s score: <strong>{o().score} / 100</strong> <span class="hf-muted">(by {o().byName}; the AI’s score is kept beside it)</span>
          </p>
        )}
      </Show>
      <Show when={props.canReview}>
        <div class="hf-row">
          <label for={id}>Your score for {props.label} (0–100, empty to withdraw)</label>
          <input id={id} ref={input} type="number" min={0} max={100} step={1} value={current()?.score ?? ''} style={{ width: '6rem' }} />
          <Button variant="secondary" onClick={() => void save()} disabled={saving.busy()}>
            Save score for {props.label}
          </Button>
        </div>
        <ErrorBanner message={saving.error()} />
      </Show>
    </div>
  );
}

function Builtins(props: { view: AnalysisView; seek: (questionId: string, ms: number) => void }) {
  const b = () => props.view.builtins;
  return (
    <section class="hf-stack" aria-label="Built-in results">
      <h3>Built-in results (no AI)</h3>
      <Show when={b().choice.length > 0}>
        <ul aria-label="Choice scores">
          <For each={b().choice}>{(c) => <li>{c.points === null ? `${c.title}: not scored` : `${c.title}: ${c.points} of ${c.maxPoints} points`}</li>}</For>
        </ul>
      </Show>
      <ScaleProfile profile={b().scaleProfile} title="Profile from all scale questions" />
      <Show when={b().codeTests} fallback={<p class="hf-muted">Code test results: none run yet.</p>}>
        {(tests) => (
          <ul aria-label="Code test results">
            <For each={tests()}>
              {(t) => (
                <li>
                  {t.title}: {t.passed} of {t.total} tests passed
                </li>
              )}
            </For>
          </ul>
        )}
      </Show>
      {/* Six columns do not fit a phone: the table scrolls on its own, not the page. */}
      <section class="hf-table-wrap" tabindex="0" aria-label="Per answer, scrolls sideways">
        <table class="hf-table">
          <caption class="hf-label">Per answer</caption>
          <thead>
            <tr>
              <th scope="col">Question</th>
              <th scope="col">Time taken</th>
              <th scope="col">Recorded</th>
              <th scope="col">Retakes used</th>
              <th scope="col">Speaking time</th>
              <th scope="col">Long silences</th>
            </tr>
          </thead>
          <tbody>
            <For each={b().answers}>
              {(a) => (
                <tr>
                  <td>{a.title}</td>
                  <td>{seconds(a.timeTakenMs)}</td>
                  <td>{seconds(a.recordedMs)}</td>
                  <td>{a.retakesUsed === null ? '—' : `${a.retakesUsed} (of ${(a.attemptsAllowed ?? 1) - 1} allowed)`}</td>
                  <td>{a.speech ? seconds(a.speech.speakingMs) : a.recordedMs === null ? '—' : 'not measured'}</td>
                  <td>
                    <Show when={a.speech} fallback="—">
                      {(s) => (
                        <Show when={s().silences.length > 0} fallback="none">
                          <For each={s().silences}>
                            {(silence) => (
                              <Button
                                variant="quiet"
                                aria-label={`Play “${a.title}” from the silence at ${clock(silence.startMs / 1000)}`}
                                onClick={() => props.seek(a.questionId, silence.startMs)}
                              >
                                {clock(silence.startMs / 1000)}–{clock(silence.endMs / 1000)}
                              </Button>
                            )}
                          </For>
                        </Show>
                      )}
                    </Show>
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </section>
      <p>
        Time away during the interview: {seconds(b().timeAwayMs)} ({b().disconnects} {b().disconnects === 1 ? 'disconnect' : 'disconnects'})
      </p>
    </section>
  );
}
