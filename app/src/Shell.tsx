import type { RouteSectionProps } from '@solidjs/router';
import { inviteText } from '../../worker/schemas/invite-page';
import { ReloadPrompt } from './ReloadPrompt';

/** The frame around every screen: skip link, main landmark, and the update prompt. */
export function Shell(props: RouteSectionProps) {
  return (
    <>
      <a class="hf-visually-hidden" href="#main">
        {inviteText.skipToContent}
      </a>
      <main id="main" data-app-shell="ready">
        {props.children}
      </main>
      <ReloadPrompt />
    </>
  );
}
