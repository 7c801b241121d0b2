import type { CandidateFields } from '../../../worker/schemas/candidates';
import type { ImportReport, QuotaView, SessionList, SessionListItem } from '../../../worker/schemas/candidate';
import type { SessionState } from '../../../worker/state/session-states';
import { ApiError, apiFetch, currentCsrfToken } from '../lib/api';
import { del, get, post } from './data';

export type { CandidateFields, ImportReport, QuotaView, SessionList, SessionListItem, SessionState };

/** The words the dashboard shows for each state, as the state machine defines them. */
export { SESSION_STATE_LABELS as STATE_LABELS } from '../../../worker/state/session-states';

export interface SessionQuery {
  status?: SessionState | '';
  q?: string;
  sort?: 'created' | 'updated' | 'name';
  dir?: 'asc' | 'desc';
  cursor?: string | null;
}

export interface ParsedResume {
  fileName: string;
  resumeId: string;
  fields: CandidateFields;
  extractor: string;
}

/** Uploads with progress: fetch cannot report upload progress, XMLHttpRequest can. */
function upload<T>(path: string, form: FormData, onProgress: (fraction: number) => void, csrf = currentCsrfToken()): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    if (csrf) xhr.setRequestHeader('x-csrf-token', csrf);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => {
      const body = JSON.parse(xhr.responseText || 'null') as { error?: { code: string; message: string; fields?: Record<string, string> } } | T;
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as T);
      else {
        const error = (body as { error?: { code: string; message: string; fields?: Record<string, string> } })?.error;
        reject(new ApiError(xhr.status, error?.code ?? 'http_error', error?.message ?? `The server answered ${xhr.status}`, error?.fields));
      }
    };
    xhr.onerror = () => reject(new TypeError('network failure'));
    xhr.send(form);
  });
}

export const candidates = {
  sessions: (interviewId: string, query: SessionQuery) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value) params.set(key, String(value));
    return get<SessionList>(`/api/interviews/${interviewId}/sessions?${params}`);
  },
  createIndividually: async (interviewId: string, form: FormData) =>
    (await apiFetch(`/api/interviews/${interviewId}/candidates`, { method: 'POST', body: form })).json() as Promise<{ inviteUrl: string; session: SessionListItem }>,
  templateUrl: (interviewId: string) => `/api/interviews/${interviewId}/candidates/template.xlsx`,
  importSheet: (interviewId: string, file: File, onProgress: (f: number) => void) => {
    const form = new FormData();
    form.set('file', file);
    return upload<ImportReport>(`/api/interviews/${interviewId}/candidates/import`, form, onProgress);
  },
  parseResumes: (interviewId: string, files: File[], onProgress: (f: number) => void) => {
    const form = new FormData();
    for (const file of files) form.append('files', file);
    return upload<{ parsed: ParsedResume[]; tokensSpent: number; tokensLeft: number }>(`/api/interviews/${interviewId}/candidates/resumes/parse`, form, onProgress);
  },
  bulk: (interviewId: string, list: (CandidateFields & { resumeId?: string })[]) => post<ImportReport>(`/api/interviews/${interviewId}/candidates/bulk`, { candidates: list }),
  retake: (sessionId: string) => post<{ session: SessionListItem }>(`/api/sessions/${sessionId}/retake`),
  remove: (sessionId: string, confirmName: string) => del(`/api/sessions/${sessionId}`, { confirmName }),
  quota: () => get<QuotaView>('/api/org/quota'),
};
