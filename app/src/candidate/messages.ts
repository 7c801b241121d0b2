import { intlWords } from '../../../worker/schemas/intl-words';
import { inviteText } from '../../../worker/schemas/invite-page';
import { catalog, formatMegabytes, formatNumber, formatters, plural } from './locale';

// wt-flow: intro, limits, progress, upload — plurals, numbers, units and lists through Intl, so
// another catalog changes its locale and words, not grammar code.
const { number, duration, megabytes } = intlWords('en');

/**
 * Every candidate-facing sentence, in one catalog (English first). Screens never hard-code text
 * a candidate reads; Spanish is messages.es.ts, a catalog of the same type (a missing sentence
 * fails the type check). Numbers and plurals go through Intl (locale.ts).
 */
const en = {
  // The link's first screen, which the Worker also serves in the page's HTML (in English and
  // Spanish: worker/schemas/invite-page.ts and invite-page.es.ts).
  ...inviteText,
  loading: 'Opening your interview…',
  offlineNoSession: 'You are offline, and this interview has not been started on this device yet. Connect to the internet to begin.',
  continueInterview: 'Continue interview',
  verifyTitle: 'Check your email',
  verifyIntro: (hint: string) => `To open your saved answers on this device, enter the 6-digit code we just sent to ${hint}.`,
  code: 'Code',
  verify: 'Confirm code',
  questionOf: (n: number, total: number) => `Question ${formatNumber(n)} of ${formatNumber(total)}`,
  finishLater: 'Finish later',
  finishedLaterTitle: 'Your answers are saved',
  /** While some of them are still on their way: the status line beside it says so. */
  finishedLaterKeptTitle: 'Your answers are kept on this device',
  finishedLaterBody:
    'You can close this page. To continue, open the same interview link again and use the same email address: you will come back to the next question, not the beginning.',
  resume: 'Continue now',
  saveAndContinue: 'Save and continue',
  submitAnswer: 'Submit answer',
  words: (n: number, limit?: number) => (limit ? `${formatNumber(n)} of ${plural(limit, { one: '# word', other: '# words' })}` : plural(n, { one: '# word', other: '# words' })),
  tooManyWords: (limit: number) => `Please shorten your answer to ${plural(limit, { one: '# word', other: '# words' })}.`,
  chooseOne: 'Choose an answer to continue.',
  statusSaved: 'All answers saved',
  statusSaving: 'Saving…',
  statusBytesLeft: (bytes: number) => `${formatMegabytes(bytes)} MB left`,
  statusRecording: 'Recording — saved on this device as you go',
  statusOffline: "Offline — your answers are kept on this device and will upload when you're back online",
  statusFailed: (n: number) =>
    plural(n, { one: '1 answer could not be saved by the server. It is kept on this device.', other: '# answers could not be saved by the server. They are kept on this device.' }),
  deviceCheckTitle: 'Check your camera and microphone',
  deviceCheckIntro: 'Make sure you can be seen and heard. Speak and watch the level meter move.',
  micLevel: 'Microphone level',
  recordingSupported: 'Your browser can record your answers.',
  recordingUnsupported: 'This browser cannot record answers. Open this link in a current version of Chrome, Firefox, Safari or Edge.',
  networkOk: 'Connection: online',
  networkOffline: 'Connection: offline — you can still record; answers upload later',
  storagePersisted: 'This device will keep your answers until they are uploaded.',
  storageNotPersisted: 'Keep this page open until your answers are uploaded.',
  cameraBlocked: 'We could not use your camera or microphone. Allow access in your browser settings, then try again.',
  tryAgain: 'Try again',
  devicesReady: 'My camera and microphone work',
  thinkTime: (s: number) => plural(s, { one: 'Recording starts in # second', other: 'Recording starts in # seconds' }),
  startNow: 'Start recording now',
  recording: (s: number, max: number) => `Recording — ${formatNumber(s)} s of ${formatNumber(max)} s`,
  stopRecording: 'Stop recording',
  attemptsLeft: (n: number) => plural(n, { one: '# attempt left', other: '# attempts left' }),
  recordAgain: 'Record again',
  continueRecording: 'Continue recording',
  /** A take cut short by a closed tab, a reload or a dead battery. */
  interruptedTake: (s: number) =>
    s === 0
      ? 'Your recording was interrupted before any of it was saved.'
      : plural(s, {
          one: 'Your recording was interrupted. 1 second of it is saved on this device.',
          other: 'Your recording was interrupted. # seconds of it are saved on this device.',
        }),
  /** A take the candidate left with "Finish later". */
  pausedTake: (s: number) =>
    s === 0
      ? 'You paused this answer before any of it was recorded.'
      : plural(s, { one: 'You paused this answer. 1 second of it is saved on this device.', other: 'You paused this answer. # seconds of it are saved on this device.' }),
  yourTake: 'Your recording',
  takePart: (n: number) => `part ${formatNumber(n)}`,
  takePartPlaying: (n: number) => `▶ part ${formatNumber(n)}`,
  cameraPreview: 'Camera preview',
  uploadStatus: 'Upload status',
  yourAnswer: 'Your answer',
  scaleStep: (value: number, anchor: string) => `${formatNumber(value)} — ${anchor}`,
  continueInterviewNamed: (name: string) => `Continue interview: ${name}`,
  updateReady: 'A new version of Holdfast is ready.',
  updateReload: 'Reload to update',
  updateLater: 'Later',
  closingTitle: 'Thank you',
  submittedWaiting: 'Finishing the upload of your answers…',
  submittedDone: 'Your interview is submitted. You can close this page.',
  submittedOffline:
    "Your interview is submitted on this device. It will finish uploading when you're back online — keep this app installed and open it again when you have a connection.",
  practice: 'Practice session — this does not count.',
  unanswered: 'Answer every question before you finish.',
  yourInterviews: 'Interviews on this device',
  open: 'Open',
  // wt-flow: intro, limits, progress, upload (the intro's outline is in inviteText)
  recordedLimits: 'For this answer',
  limitThinkTime: (seconds: number) => (seconds > 0 ? `Think time: ${duration(seconds)}` : 'No think time: recording starts at once'),
  limitMaxLength: (seconds: number) => `Maximum length: ${duration(seconds)}`,
  limitAttempts: (n: number) => (n === 1 ? 'One attempt: no retake' : `${number(n)} attempts`),
  uploadingLabel: 'Uploading your answers',
  uploadProgress: (doneBytes: number, totalBytes: number) => `${megabytes(doneBytes)} of ${megabytes(totalBytes)}`,
  uploadingWithProgress: (doneBytes: number, totalBytes: number) => `Uploading your answers — ${megabytes(doneBytes)} of ${megabytes(totalBytes)}`,
} as const;

/** A catalog of this shape in another language: strings widen from their English literals. */
export type Messages = { readonly [K in keyof typeof en]: (typeof en)[K] extends string ? string : (typeof en)[K] };

/** The catalog screens read, in the candidate's language (locale.ts). */
export const t: Messages = catalog<Messages>(en, () => import('./messages.es').then((m) => m.es(formatters) satisfies Messages));
