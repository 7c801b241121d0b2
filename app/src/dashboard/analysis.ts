import type { AnalysisStatus, AnalysisView, AnswerAssessment, RubricVerdict } from '../../../worker/schemas/analysis';
import { api, read } from '../lib/api';

export type { AnalysisStatus, AnalysisView, AnswerAssessment };

const sessions = api.api.sessions[':sessionId'];
const one = (sessionId: string) => ({ param: { sessionId: encodeURIComponent(sessionId) } });

/** The analysis panel's and the ledger's server calls. */
export const analysis = {
  get: (sessionId: string) => read(sessions.analysis.$get(one(sessionId))),
  rerun: (sessionId: string) => read(sessions.analysis.$post(one(sessionId))),
  /** `score: null` withdraws the override; the AI's score is never changed. */
  override: (sessionId: string, target: string, score: number | null) =>
    read(sessions.analysis.overrides[':target'].$put({ param: { sessionId: encodeURIComponent(sessionId), target: encodeURIComponent(target) }, json: { score } })),
  ledger: () => read(api.api.org['ai-ledger'].$get()),
};

export const ANALYSIS_LABELS: Record<AnalysisStatus, string> = {
  pending: 'Pending',
  done: 'Done',
  insufficient_data: 'Insufficient data',
  failed: 'Failed',
  not_configured: 'Not configured',
};

export const VERDICT_LABELS: Record<RubricVerdict, string> = { met: 'Met', partly: 'Partly met', not_met: 'Not met' };
