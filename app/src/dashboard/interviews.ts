import type { Interview, InterviewFormat, InterviewInput, InterviewListItem } from '../../../worker/schemas/interviews';
import { get, post, put } from './data';

export type { Interview, InterviewFormat, InterviewInput, InterviewListItem };

export const interviews = {
  list: (archived = false) => get<{ interviews: InterviewListItem[] }>(`/api/interviews${archived ? '?archived=true' : ''}`),
  get: (id: string) => get<{ interview: Interview }>(`/api/interviews/${id}`),
  create: (body: InterviewInput) => post<{ interview: Interview }>('/api/interviews', body),
  update: (id: string, body: InterviewInput) => put<{ interview: Interview }>(`/api/interviews/${id}`, body),
  setPublicLink: (id: string, enabled: boolean) => put<{ interview: Interview }>(`/api/interviews/${id}/public-link`, { enabled }),
  rotatePublicLink: (id: string) => post<{ interview: Interview }>(`/api/interviews/${id}/public-link/rotate`),
  archive: (id: string) => post<{ interview: Interview }>(`/api/interviews/${id}/archive`),
  restore: (id: string) => post<{ interview: Interview }>(`/api/interviews/${id}/restore`),
};

export const FORMAT_LABELS: Record<InterviewFormat, string> = {
  one_way: 'One-way interview',
  take_home: 'Take-home project',
  live: 'Live coding interview',
};
