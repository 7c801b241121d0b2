import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Interview } from '../../../worker/schemas/interviews';
import { type Account, addMember, as, register } from '../support/auth-helpers';
import { addCandidate } from '../support/candidates-helpers';
import { api } from '../support/helpers';
import { REVIEW_QUESTIONS, type TakenSession, takenSession } from '../support/review-helpers';

const FORMULA_NAME = '=HYPERLINK("http://evil.example","click")';

let taken: TakenSession;
let reviewer: Account;
let csv: string;
let rows: Record<string, string>[];

beforeAll(async () => {
  taken = await takenSession({ label: 'export', candidateName: FORMULA_NAME });
  reviewer = await addMember(taken.owner, 'reviewer');
  const rate = (account: Account, questionId: string, rating: number) => as(account).send('PUT', `/api/sessions/${taken.sessionId}/answers/${questionId}/review`, { rating });
  await rate(taken.owner, REVIEW_QUESTIONS.video, 5);
  await rate(reviewer, REVIEW_QUESTIONS.video, 2);
  await rate(taken.owner, REVIEW_QUESTIONS.text, 4);
  await as(taken.owner).send('PUT', `/api/sessions/${taken.sessionId}/review`, { recommendation: 'advance', notes: 'private-ish notes stay out' });
  await as(reviewer).send('PUT', `/api/sessions/${taken.sessionId}/review`, { recommendation: 'hold' });
  for (const name of ['@SUM(1,2)', '+1 555 0100', 'Smith, "Jo"']) {
    await addCandidate({ owner: taken.owner, interview: { id: taken.interviewId } as Interview }, { name, email: `${crypto.randomUUID().slice(0, 8)}@candidates.test` });
  }
  const res = await as(taken.owner).get(`/api/interviews/${taken.interviewId}/export.csv`);
  expect(res.status, await res.clone().text()).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="Interview-[A-Za-z0-9-]+-sessions-\d{4}-\d{2}-\d{2}\.csv"$/);
  csv = await res.text();
  rows = Papa.parse<Record<string, string>>(csv.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true }).data;
});

/** The cell of the column whose header starts and ends so (question titles come from the examples). */
const column = (row: Record<string, string>, prefix: string, suffix: string) => {
  const header = Object.keys(row).find((k) => k.startsWith(prefix) && k.endsWith(suffix));
  if (!header) throw new Error(`no column ${prefix}…${suffix} in ${Object.keys(row).join(' | ')}`);
  return row[header];
};

const rowOf = (name: string) => {
  const row = rows.find((r) => r.Candidate === name);
  if (!row) throw new Error(`no row for ${name} in ${JSON.stringify(rows.map((r) => r.Candidate))}`);
  return row;
};

describe('CSV export of an interview', () => {
  it('has one row per session, with the candidate, state and times', () => {
    expect(rows).toHaveLength(4);
    const row = rowOf(`'${FORMULA_NAME}`);
    expect(row.Email).toBe(taken.email);
    expect(row.Status).toBe('Completed');
    expect(new Date(row.Created!).getTime()).toBeGreaterThan(0);
    expect(new Date(row.Completed!).getTime()).toBeGreaterThanOrEqual(new Date(row.Created!).getTime());
    expect(row.Session).toBe(taken.sessionId);
    expect(rowOf('Smith, "Jo"')).toMatchObject({ Status: 'Not Started', Completed: '', 'Average rating': '' });
  });

  it('gives each question’s average rating, the overall average and every recommendation', () => {
    const row = rowOf(`'${FORMULA_NAME}`);
    expect(column(row, 'Q1 ', ': average rating')).toBe('3.5');
    expect(column(row, 'Q2 ', ': average rating')).toBe('4');
    expect(column(row, 'Q3 ', ': average rating')).toBe('');
    expect(row['Average rating']).toBe('3.67');
    expect(row.Recommendations).toBe(`advance (${taken.owner.signedIn.member.name}); hold (A reviewer)`);
    expect(csv).not.toContain('private-ish notes');
  });

  it('gives the choice and scale scores and the trait profile in percent', () => {
    const row = rowOf(`'${FORMULA_NAME}`);
    expect(column(row, 'Q3 ', ': score')).toBe('1');
    expect(column(row, 'Q3 ', ': max score')).toBe('1');
    expect(column(row, 'Q4 ', ': score')).toBe('17');
    expect(column(row, 'Q4 ', ': max score')).toBe('25');
    expect(row['Trait conscientiousness (%)']).toBe('100');
    expect(row['Trait extraversion (%)']).toBe('50');
    expect(row['Trait openness (%)']).toBe('40');
  });

  it('neutralises cells a spreadsheet would run as formulas and quotes commas and quotes', () => {
    const lines = csv.split('\r\n');
    expect(lines.some((line) => line.startsWith(`"'=HYPERLINK(""http://evil.example"",""click"")"`))).toBe(true);
    expect(rows.map((r) => r.Candidate)).toEqual(expect.arrayContaining(["'@SUM(1,2)", "'+1 555 0100", 'Smith, "Jo"']));
    for (const row of rows) for (const cell of Object.values(row)) expect(cell, JSON.stringify(row)).not.toMatch(/^\s*[=+\-@]/);
  });

  it('is only for the interview’s organization', async () => {
    const stranger = await register('export-stranger');
    expect((await as(stranger).get(`/api/interviews/${taken.interviewId}/export.csv`)).status).toBe(404);
    expect((await api(`/api/interviews/${taken.interviewId}/export.csv`)).status).toBe(401);
    expect((await as(taken.owner).get(`/api/interviews/${crypto.randomUUID()}/export.csv`)).status).toBe(404);
    expect((await as(reviewer).get(`/api/interviews/${taken.interviewId}/export.csv`)).status).toBe(200);
  });
});
