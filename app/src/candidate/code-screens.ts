/**
 * The candidate screens of code questions and take-homes, loaded together and only when an
 * interview has code (InterviewFlow): CodeMirror, the runner and their sentences come with them.
 */
import CodeQuestion from './questions/CodeQuestion';
import TakeHome from './TakeHome';
import { deadlineClosing, takeHomeStep } from './take-home-step';

export const codeScreens = { CodeQuestion, TakeHome, deadlineClosing, takeHomeStep };
