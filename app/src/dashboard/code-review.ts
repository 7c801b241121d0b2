/** The code answer review's server calls; imported only by the lazily loaded code review screens. */
import type { TestRunPost } from '../../../worker/schemas/code-review';
import { api, read } from '../lib/api';

const code = api.api.sessions[':sessionId'].code[':questionId'];
const params = (sessionId: string, questionId: string) => ({ param: { sessionId: encodeURIComponent(sessionId), questionId: encodeURIComponent(questionId) } });

export const codeReview = {
  timeline: (sessionId: string, questionId: string) => read(code.timeline.$get(params(sessionId, questionId))),
  tests: (sessionId: string, questionId: string) => read(code.tests.$get(params(sessionId, questionId))),
  /** A retry with the same runId answers the run already stored, so it is safe to repeat. */
  storeRun: (sessionId: string, questionId: string, json: TestRunPost) => read(code['test-runs'].$post({ ...params(sessionId, questionId), json })),
};
