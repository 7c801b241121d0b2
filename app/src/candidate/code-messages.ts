import { englishRunText } from '../code/run-text';
import { catalog, formatNumber, formatters, plural } from './locale';

/**
 * The sentences of code questions and take-homes, a catalog of their own beside messages.ts:
 * only the lazily loaded code screens import it, so interviews without code never load it.
 */
const en = {
  editorLabel: (title: string) => `Your code for ${title}`,
  stdinLabel: 'Input (stdin)',
  stdinHint: 'Filled with the first test’s input; change it to try your own.',
  run: 'Run',
  running: 'Running…',
  runTests: 'Run tests',
  visibleTests: 'Tests',
  testInput: 'Input',
  testExpected: 'Expected output',
  noTests: 'This question has no visible tests.',
  savedOnDevice: 'Your code is saved on this device as you type.',
  saveFailed: (message: string) => `Your last change could not be saved on this device: ${message}`,
  saveAndContinue: 'Save and continue',
  preparingTitle: 'Getting your device ready',
  preparingIntro: 'Everything you need to write and run code is kept on this device, so you can keep working without a connection.',
  preparingPython: (mb: string) => `Preparing Python… ${mb} MB`,
  preparingPythonProgress: (done: string, total: string) => `Preparing Python… ${done} of ${total} MB`,
  pythonReady: (mb: string) => `Python is ready (${mb} MB), offline too.`,
  pythonFailed: (message: string) => `Python could not be prepared: ${message}. You can start anyway; Run needs a connection the first time.`,
  ready: 'Start the take-home',
  continue: 'Continue',
  questions: 'Questions',
  questionButton: (n: number, title: string) => `${n}. ${title}`,
  timeLeft: (text: string) => `Time left: ${text}`,
  timeLeftAnnounce: (text: string) => `You have ${text} left.`,
  deadlinePassed: 'The deadline has passed. Work reaching us after the deadline is not included.',
  deadlineRule: 'Your work is saved on this device and sent as soon as there is a connection. Work reaching us after the deadline is not included.',
  submit: 'Submit Take-Home',
  confirmTitle: 'Submit your take-home?',
  confirmBody: 'You cannot change your code after submitting. What you wrote on this device is sent first.',
  confirmSubmit: 'Yes, submit',
  cancel: 'Keep working',
  submittedByDeadline: 'The deadline has passed: what reached us by then was submitted for you. Work reaching us after the deadline is not included.',
  lateRefused: (n: number) =>
    plural(n, {
      one: '1 change reached us after the deadline and is not included. It is kept on this device.',
      other: '# changes reached us after the deadline and are not included. They are kept on this device.',
    }),
  // A run's results (app/src/code/run-text.ts) and the editor's symbol keys.
  ...englishRunText(formatNumber),
  symbols: 'Symbols',
  insertKey: (key: string) => `Insert ${key}`,
  insertTab: 'Insert tab',
  tabKey: 'Tab',
} as const;

/** The shape of a code catalog in another language (code-messages.es.ts). */
export type CodeMessages = { readonly [K in keyof typeof en]: (typeof en)[K] extends string ? string : (typeof en)[K] };

export const tc: CodeMessages = catalog<CodeMessages>(en, () => import('./code-messages.es').then((m) => m.es(formatters) satisfies CodeMessages));

/** "2 h 05 min", "4 min 09 s": minutes and seconds only near the end. */
export function durationText(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  if (days > 0) return `${days} d ${hours} h`;
  if (hours > 0) return `${hours} h ${String(minutes).padStart(2, '0')} min`;
  return `${minutes} min ${String(seconds).padStart(2, '0')} s`;
}
