import { Route, Router } from '@solidjs/router';
import { lazy } from 'solid-js';
import { render } from 'solid-js/web';
import { CandidateRoute } from './candidate/CandidateRoute';
import { Home } from './Home';
import { NotFound } from './NotFound';
import { Shell } from './Shell';
import './ui/theme.css';

// The dashboard is its own chunk (named dashboard-*), never loaded by candidates.
const Dashboard = lazy(() => import('./dashboard/routes'));

render(
  () => (
    <Router root={Shell}>
      <Route path="/" component={Home} />
      <Route path="/i/:token" component={CandidateRoute} />
      <Route path="/dashboard/*rest" component={Dashboard} />
      <Route path="*404" component={NotFound} />
    </Router>
  ),
  document.getElementById('root')!,
);
