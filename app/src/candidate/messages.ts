import { intlWords } from '../../../worker/schemas/intl-words';
import { inviteText } from '../../../worker/schemas/invite-page';

// wt-flow: intro, limits, progress, upload — plurals, numbers, units and lists through Intl, so
// another catalog changes its locale and words, not grammar code.
const { number, duration, megabytes } = intlWords('en');

/**
 * Every candidate-facing sentence, in one catalog (English first). Screens never hard-code text
 * a candidate reads; another language is another catalog of the same shape.
 */
const en = {
  // The link's first screen, which the Worker also serves in the page's HTML.
  ...inviteText,
  loading: 'Opening your interview…',
  offlineNoSession: 'You are offline, and this interview has not been started on this device yet. Connect to the internet to begin.',
  continueInterview: 'Continue interview',
  verifyTitle: 'Check your email',
  verifyIntro: (hint: string) => `To open your saved answers on this device, enter the 6-digit code we just sent to ${hint}.`,
  code: 'Code',
  verify: 'Confirm code',
  questionOf: (n: number, total: number) => `Question ${n} of ${total}`,
  finishLater: 'Finish later',
  finishedLaterTitle: 'Your answers are saved',
  /** While some of them are still on their way: the status line beside it says so. */
  finishedLaterKeptTitle: 'Your answers are kept on this device',
  finishedLaterBody:
    'You can close this page. To continue, open the same interview link again and use the same email address: you will come back to the next question, not the beginning.',
  resume: 'Continue now',
  saveAndContinue: 'Save and continue',
  submitAnswer: 'Submit answer',
  words: (n: number, limit?: number) => (limit ? `${n} of ${limit} words` : `${n} words`),
  tooManyWords: (limit: number) => `Please shorten your answer to ${limit} words.`,
  chooseOne: 'Choose an answer to continue.',
  statusSaved: 'All answers saved',
  statusSaving: 'Saving…',
  statusBytesLeft: (mb: string) => `${mb} MB left`,
  statusRecording: 'Recording — saved on this device as you go',
  statusOffline: "Offline — your answers are kept on this device and will upload when you're back online",
  statusFailed: (n: number) => `${n} item(s) could not be saved by the server. They are kept on this device.`,
  deviceCheckTitle: 'Check your camera and microphone',
  deviceCheckIntro: 'Make sure you can be seen and heard. Speak and watch the level meter move.',
  micLevel: 'Microphone level',
  recordingFormat: (type: string) => `Recording format: ${type || 'browser default'}`,
  networkOk: 'Connection: online',
  networkOffline: 'Connection: offline — you can still record; answers upload later',
  storagePersisted: 'This device will keep your answers until they are uploaded.',
  storageNotPersisted: 'Keep this page open until your answers are uploaded.',
  cameraBlocked: 'We could not use your camera or microphone. Allow access in your browser settings, then try again.',
  tryAgain: 'Try again',
  devicesReady: 'My camera and microphone work',
  thinkTime: (s: number) => `Recording starts in ${s} s`,
  startNow: 'Start recording now',
  recording: (s: number, max: number) => `Recording — ${s} s of ${max} s`,
  stopRecording: 'Stop recording',
  attemptsLeft: (n: number) => (n === 1 ? '1 attempt left' : `${n} attempts left`),
  recordAgain: 'Record again',
  continueRecording: 'Continue recording',
  interruptedTake: (s: number) => `Your recording was interrupted. ${s} s of it is saved on this device.`,
  yourTake: 'Your recording',
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

/** The catalog screens read; the one place to choose another language. */
export const t = en;
