import { A, useParams } from '@solidjs/router';
import { createResource, lazy, Match, Show, Switch } from 'solid-js';
import { Banner } from '../ui/components';
import { InterviewBuilder } from './InterviewBuilder';
import { InterviewSettings } from './InterviewSettings';
import { FORMAT_LABELS, interviews } from './interviews';
import { SessionsTab } from './SessionsTab';

// Charts are for a look now and then: their code loads when the tab opens.
const InterviewOverview = lazy(() => import('./InterviewOverview'));

/** An interview's tabs: Sessions (candidates), Overview (charts), Build (questions and messages), Settings (links). */
export default function InterviewPage() {
  const params = useParams<{ interviewId: string; tab: string }>();
  const [data, { mutate }] = createResource(
    () => params.interviewId,
    (id) => interviews.get(id),
  );
  const tab = () => (['sessions', 'overview', 'build', 'settings'].includes(params.tab) ? params.tab : 'sessions');
  const tabLink = (name: string, label: string) => (
    <A role="tab" href={`/dashboard/interviews/${params.interviewId}/${name}`} aria-selected={tab() === name} class="hf-tab-link">
      {label}
    </A>
  );
  return (
    <div class="hf-stack">
      <Show when={data.error}>
        <Banner tone="error">This interview does not exist or you cannot see it.</Banner>
      </Show>
      <Show when={data()?.interview}>
        {(interview) => (
          <>
            <div>
              <h1>{interview().name}</h1>
              <p class="hf-muted">
                {FORMAT_LABELS[interview().format]} · version {interview().version} · {interview().questions.length} questions
              </p>
            </div>
            <div class="hf-tabs" role="tablist" aria-label="Interview">
              {tabLink('sessions', 'Sessions')}
              {tabLink('overview', 'Overview')}
              {tabLink('build', 'Build')}
              {tabLink('settings', 'Settings')}
            </div>
            <div role="tabpanel">
              <Switch>
                <Match when={tab() === 'sessions'}>
                  <SessionsTab interview={interview()} />
                </Match>
                <Match when={tab() === 'overview'}>
                  <InterviewOverview interviewId={interview().id} />
                </Match>
                <Match when={tab() === 'build'}>
                  <InterviewBuilder interview={interview()} onSaved={(i) => mutate({ interview: i })} />
                </Match>
                <Match when={tab() === 'settings'}>
                  <InterviewSettings interview={interview()} onSaved={(i) => mutate({ interview: i })} />
                </Match>
              </Switch>
            </div>
          </>
        )}
      </Show>
    </div>
  );
}
