import type { Interview } from './interviews';

export function SessionsTab(props: { interview: Interview }) {
  return <p class="hf-muted">Sessions of {props.interview.name} appear here.</p>;
}
