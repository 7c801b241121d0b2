/**
 * Development only: its own page (app/dev/code.html, which the Worker serves only in local
 * development), so the candidate shell carries nothing of it.
 */
import { render } from 'solid-js/web';
import CodePlayground from './CodePlayground';
import '../ui/theme.css';

const root = document.getElementById('root');
if (!root) throw new Error('app/dev/code.html has no #root element to render into');
render(() => <CodePlayground />, root);
