/**
 * The candidate screens of code questions and take-homes, loaded together and only when an
 * interview has code (InterviewFlow): CodeMirror, the runner and their sentences come with them.
 */

export { default as CodeQuestion } from './questions/CodeQuestion';
export { default as TakeHome } from './TakeHome';
