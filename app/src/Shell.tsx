import type { RouteSectionProps } from '@solidjs/router';
import { useCandidateText } from './candidate/frame-text';
import { ReloadPrompt } from './ReloadPrompt';

/** The frame around every screen: skip link, main landmark, and the update prompt. */
export function Shell(props: RouteSectionProps) {
  const text = useCandidateText();
  return (
    <>
      <a class="hf-visually-hidden" href="#main">
        {text('skipToContent', 'Skip to content')}
      </a>
      <main id="main" data-app-shell="ready">
        {props.children}
      </main>
      <ReloadPrompt />
    </>
  );
}
