/**
 * The candidate screens of code questions and take-homes, loaded together and only when an
 * interview has code (InterviewFlow): CodeMirror, the runner and their sentences come with them.
 */

import { tc } from './code-messages';
import CodeQuestion from './questions/CodeQuestion';
import TakeHome, { PrepareRuntimes } from './TakeHome';
import { deadlineClosing, takeHomeStep } from './take-home-step';

export const codeScreens = { CodeQuestion, TakeHome, PrepareRuntimes, deadlineClosing, takeHomeStep, tc };
