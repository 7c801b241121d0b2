import type { Interview, InterviewFormat, InterviewInput } from '../../../worker/schemas/interviews';
import { api, read } from '../lib/api';

export type { Interview, InterviewFormat, InterviewInput };

const all = api.api.interviews;
const one = (interviewId: string) => ({ param: { interviewId } });
export const interviews = {
  list: (archived = false) => read(all.$get({ query: archived ? { archived: 'true' } : {} })),
  get: (id: string) => read(all[':interviewId'].$get(one(id))),
  create: (json: InterviewInput) => read(all.$post({ json })),
  update: (id: string, json: InterviewInput) => read(all[':interviewId'].$put({ ...one(id), json })),
  setPublicLink: (id: string, enabled: boolean) => read(all[':interviewId']['public-link'].$put({ ...one(id), json: { enabled } })),
  rotatePublicLink: (id: string) => read(all[':interviewId']['public-link'].rotate.$post(one(id))),
  archive: (id: string) => read(all[':interviewId'].archive.$post(one(id))),
  restore: (id: string) => read(all[':interviewId'].restore.$post(one(id))),
  overview: (id: string, days: number) => read(all[':interviewId'].overview.$get({ ...one(id), query: { days: String(days) } })),
};

export const FORMAT_LABELS: Record<InterviewFormat, string> = {
  one_way: 'One-way interview',
  take_home: 'Take-home project',
  live: 'Live coding interview',
};
