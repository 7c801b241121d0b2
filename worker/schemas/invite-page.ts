import type { LinkInfo } from './candidate';

/**
 * The candidate-facing text of an invite link's first screen. The Worker renders that screen
 * into the HTML it serves (worker/invite/render.ts) and the app renders it again when it takes
 * over (app/src/candidate/CandidateRoute.tsx), so both read these sentences from here: the app's
 * catalog (app/src/candidate/messages.ts) spreads them in, and a catalog of another language gives
 * the same keys.
 */
export const inviteText = {
  skipToContent: 'Skip to content',
  linkUnavailable: 'This interview link is not available. It may have been switched off or replaced. Ask the company that sent it for a new one.',
  start: 'Start interview',
  alreadySubmittedTitle: 'This interview is already submitted',
  alreadySubmittedBody: (name: string) => `Your answers to “${name}” have been sent to the hiring team. There is nothing more to do here.`,
  /** A pad's link once the interview ended. */
  padEnded: 'This interview has ended',
  name: 'Your name',
  email: 'Your email',
  emailHintInvite: 'This link was sent to this address.',
  consent: 'I agree that my answers, including recordings, are stored and shared with the hiring team for this application.',
  privacy: 'Your answers are saved on this device first and uploaded as soon as there is a connection. They are only shared with the company that invited you.',
};

export type InviteText = typeof inviteText;

/** The id of the `<script type="application/json">` holding {@link InviteData} in a served invite page. */
export const INVITE_DATA_ID = 'hf-invite';

/** What the served invite page carries for the app: `info` is null for a link that is not available. */
export interface InviteData {
  token: string;
  info: LinkInfo | null;
}
