import { Route, Router } from '@solidjs/router';
import { createSignal, lazy, Show } from 'solid-js';
import { render } from 'solid-js/web';
import { CandidateRoute } from './candidate/CandidateRoute';
import { LanguageSwitcher } from './candidate/LanguageSwitcher';
import { localeReady } from './candidate/locale';
import { Home } from './Home';
import { NotFound } from './NotFound';
import { Shell } from './Shell';
import './ui/theme.css';

// The dashboard is split into its own chunks (named dashboard-*), never loaded by candidates.
const Layout = lazy(() => import('./dashboard/Layout'));
const Login = lazy(() => import('./dashboard/AuthPages').then((m) => ({ default: m.Login })));
const Signup = lazy(() => import('./dashboard/AuthPages').then((m) => ({ default: m.Signup })));
const AcceptInvite = lazy(() => import('./dashboard/AuthPages').then((m) => ({ default: m.AcceptInvite })));
const Interviews = lazy(() => import('./dashboard/Interviews'));
const InterviewPage = lazy(() => import('./dashboard/InterviewPage'));
const QuestionBank = lazy(() => import('./dashboard/QuestionBank'));
const Members = lazy(() => import('./dashboard/Members'));
const Settings = lazy(() => import('./dashboard/Settings'));
const Outbox = lazy(() => import('./dashboard/Outbox'));
const SessionPage = lazy(() => import('./dashboard/SessionPage'));
const ComparePage = lazy(() => import('./dashboard/ComparePage'));
const Pads = lazy(() => import('./dashboard/Pads'));
const PadPage = lazy(() => import('./dashboard/PadPage'));
const PadPlayback = lazy(() => import('./dashboard/PadPlayback'));

const root = document.getElementById('root');
if (!root) throw new Error('app/index.html has no #root element to render into');
/**
 * Every candidate page has the language control above it, and waits for a Spanish (or test
 * pseudo-locale) catalog to be in: no English flash. (Not a top-level await: that would split the
 * shell into many small chunks.)
 */
const [catalogsReady, setCatalogsReady] = createSignal(false);
void localeReady().then(() => setCatalogsReady(true));
const CandidatePage = () => (
  <Show when={catalogsReady()}>
    <LanguageSwitcher />
    <CandidateRoute />
  </Show>
);

const start = () =>
  render(() => {
    const app = (
      <Router root={Shell}>
        <Route path="/" component={Home} />
        <Route path="/i/:token" component={CandidatePage} />
        <Route path="/accept-invite" component={Layout}>
          <Route path="/" component={AcceptInvite} />
        </Route>
        <Route path="/dashboard" component={Layout}>
          <Route path="/" component={Interviews} />
          <Route path="/login" component={Login} />
          <Route path="/signup" component={Signup} />
          <Route path="/interviews/:interviewId/*tab" component={InterviewPage} />
          <Route path="/questions" component={QuestionBank} />
          <Route path="/members" component={Members} />
          <Route path="/settings" component={Settings} />
          <Route path="/outbox" component={Outbox} />
          <Route path="/sessions/:sessionId" component={SessionPage} />
          <Route path="/sessions/:sessionId/compare" component={ComparePage} />
          <Route path="/pads" component={Pads} />
          <Route path="/pads/:sessionId" component={PadPage} />
          <Route path="/pads/:sessionId/playback" component={PadPlayback} />
        </Route>
        <Route path="*404" component={NotFound} />
      </Router>
    );
    // A served screen (worker/candidates/invite-page.ts) is replaced only now, once the app has
    // made its own and read what was typed into it: both happen in this one task, so no frame
    // shows neither. (render() checks for existing children after this function returns.)
    root.replaceChildren();
    return app;
  }, root);

// A served screen already shows and takes input: the app's first render gets a task of its own
// rather than lengthening the one that runs this module (Total Blocking Time), and waits for the
// candidate's catalog (the screen was served in that language): it replaces the served screen
// with the same words, never with nothing.
if (root.firstElementChild) void localeReady().then(() => setTimeout(start));
else start();
