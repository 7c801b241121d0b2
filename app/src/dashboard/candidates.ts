import type { InferRequestType, InferResponseType } from 'hono/client';
import type { AnalysisStatus } from '../../../worker/schemas/analysis';
import type { ImportReport, SessionListItem } from '../../../worker/schemas/candidate';
import type { CandidateFields } from '../../../worker/schemas/candidates';
import type { SessionState } from '../../../worker/state/session-states';
import { api, apiErrorOf, currentCsrfToken, NetworkError, read } from '../lib/api';

/** The words the dashboard shows for each state, as the state machine defines them. */
export { SESSION_STATE_LABELS as STATE_LABELS } from '../../../worker/state/session-states';
export type { CandidateFields, ImportReport, SessionListItem, SessionState };

const interview = api.api.interviews[':interviewId'];
const one = (interviewId: string) => ({ param: { interviewId } });
type SessionListQuery = NonNullable<InferRequestType<typeof interview.sessions.$get>['query']>;

/** The Sessions tab's filters: the route's own query, where '' and null mean "not set". */
export interface SessionQuery {
  status?: SessionState | '';
  analysis?: AnalysisStatus | '';
  q?: string;
  sort?: SessionListQuery['sort'];
  dir?: SessionListQuery['dir'];
  cursor?: string | null;
}

type ResumeBatch = InferResponseType<(typeof interview.candidates.resumes.parse)['$post'], 200>;
export type ParsedResume = ResumeBatch['parsed'][number];

/**
 * Uploads with progress: fetch cannot report upload progress, XMLHttpRequest can. The typed
 * client still names the URL, and the route's own answer type is what comes back.
 */
function upload<T>(path: string, form: FormData, onProgress: (fraction: number) => void, csrf = currentCsrfToken()): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    if (csrf) xhr.setRequestHeader('x-csrf-token', csrf);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => {
      const body: unknown = JSON.parse(xhr.responseText || 'null');
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as T);
      else reject(apiErrorOf(xhr.status, body));
    };
    xhr.onerror = () => reject(new NetworkError('network failure'));
    xhr.send(form);
  });
}

export const candidates = {
  // An unset filter is left out of the URL (the client skips undefined), never sent empty.
  sessions: (interviewId: string, { status, analysis, q, sort, dir, cursor }: SessionQuery) =>
    read(
      interview.sessions.$get({
        ...one(interviewId),
        query: { status: status || undefined, analysis: analysis || undefined, q: q || undefined, sort, dir, cursor: cursor || undefined },
      }),
    ),
  // A multipart form the route reads itself (it also takes JSON), so it goes as the raw body.
  createIndividually: (interviewId: string, form: FormData) => read(interview.candidates.$post(one(interviewId), { init: { body: form } })),
  previewResume: (interviewId: string, file: File) => {
    const form = new FormData();
    form.set('resume', file);
    return read(interview.candidates['resume-preview'].$post(one(interviewId), { init: { body: form } }));
  },
  templateUrl: (interviewId: string) => interview.candidates['template.xlsx'].$path(one(interviewId)),
  importSheet: (interviewId: string, file: File, onProgress: (f: number) => void) => {
    const form = new FormData();
    form.set('file', file);
    return upload<InferResponseType<(typeof interview.candidates.import)['$post'], 200>>(interview.candidates.import.$path(one(interviewId)), form, onProgress);
  },
  parseResumes: (interviewId: string, files: File[], onProgress: (f: number) => void) => {
    const form = new FormData();
    for (const file of files) form.append('files', file);
    return upload<ResumeBatch>(interview.candidates.resumes.parse.$path(one(interviewId)), form, onProgress);
  },
  bulk: (interviewId: string, list: (CandidateFields & { resumeId?: string })[]) => read(interview.candidates.bulk.$post({ ...one(interviewId), json: { candidates: list } })),
  retake: (sessionId: string) => read(api.api.sessions[':sessionId'].retake.$post({ param: { sessionId } })),
  remove: (sessionId: string, confirmName: string) => read(api.api.sessions[':sessionId'].$delete({ param: { sessionId }, json: { confirmName } })),
  quota: () => read(api.api.org.quota.$get()),
};
