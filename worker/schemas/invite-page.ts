import type { LinkInfo } from './candidate';
import { intlWords } from './intl-words';
import type { DeviceNeed } from './outline';
import type { QuestionType } from './questions';

const words = intlWords('en');

/**
 * The candidate-facing text of an invite link's first screen. The Worker renders that screen
 * into the HTML it serves (worker/candidates/invite-page.ts) and the app renders it again when it takes
 * over (app/src/candidate/CandidateRoute.tsx), so both read these sentences from here: the app's
 * catalog (app/src/candidate/messages.ts) spreads them in, and a catalog of another language gives
 * the same keys.
 */
export const inviteText = {
  skipToContent: 'Skip to content',
  /** The language control's label, above every candidate page. */
  language: 'Language',
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
  // Branding (issue 14, wt-brand): the organization's logo on every candidate page.
  logoAlt: (orgName: string) => `${orgName} logo`,
  // wt-flow: the intro's outline of what is coming.
  beforeYouStart: 'Before you start',
  /** "2 video questions, 1 written answer": one phrase per type, each with its own plural. */
  questionCounts: (counts: readonly { type: QuestionType; count: number }[]): string =>
    words.listOf(counts.map(({ type, count }) => `${words.number(count)} ${questionNouns[type][words.plural(count)]}`)),
  estimatedTime: (minutes: number) => `About ${words.duration(minutes * 60)} in all`,
  youNeed: (needs: readonly DeviceNeed[]): string => `You need ${words.andList(needs.map((need) => deviceNeeds[need]))}.`,
  needsNothing: 'You need no camera or microphone: everything is typed or chosen.',
  savedAsYouGo: 'Your answers are saved on this device as you go: a lost connection or a closed page loses nothing, and you can finish later.',
};

const questionNouns: Record<QuestionType, Record<'one' | 'other', string>> = {
  video: { one: 'video question', other: 'video questions' },
  audio: { one: 'audio question', other: 'audio questions' },
  text: { one: 'written answer', other: 'written answers' },
  choice: { one: 'multiple-choice question', other: 'multiple-choice questions' },
  scale: { one: 'rating scale', other: 'rating scales' },
  code: { one: 'coding question', other: 'coding questions' },
};
const deviceNeeds: Record<DeviceNeed, string> = { camera: 'a camera', microphone: 'a microphone', keyboard: 'a keyboard for the coding questions' };

export type InviteText = typeof inviteText;

/** The languages candidates are offered (app/src/candidate/locale.ts), each named in its own language. */
export const LANGUAGES = [
  { locale: 'en', name: 'English' },
  { locale: 'es', name: 'Español' },
] as const;
export type Language = (typeof LANGUAGES)[number]['locale'];

/**
 * The cookie holding the candidate's choice of language, written by the app's language control
 * beside its own storage, so the served first screen is in the language the app will show.
 */
export const LOCALE_COOKIE = 'hf-locale';

/** The id of the `<script type="application/json">` holding {@link InviteData} in a served invite page. */
export const INVITE_DATA_ID = 'hf-invite';

/** What the served invite page carries for the app: `info` is null for a link that is not available. */
export interface InviteData {
  token: string;
  info: LinkInfo | null;
}
