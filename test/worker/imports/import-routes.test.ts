import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { parseCandidateSheet } from '../../../worker/imports';
import type { ImportReport, SessionList } from '../../../worker/schemas/candidate';
import libreOfficeXlsx from '../../fixtures/imports/libreoffice-candidates.xlsx?inline';
import { ADA_RESUME, buildResumePdf, GRACE_RESUME, LINUS_RESUME } from '../../fixtures/imports/resumes';
import { buildCsv, buildXlsx, buildZipBombXlsx, type Cell } from '../../fixtures/imports/spreadsheets';
import { as } from '../support/auth-helpers';
import { type Recruiting, recruiting } from '../support/candidates-helpers';

const dataUrlBytes = (dataUrl: string) => Uint8Array.from(atob(dataUrl.slice(dataUrl.indexOf(',') + 1)), (c) => c.charCodeAt(0));

function upload(r: Recruiting, path: string, field: string, files: { name: string; bytes: Uint8Array; type?: string }[]): Promise<Response> {
  const form = new FormData();
  for (const file of files) form.append(field, new File([file.bytes], file.name, { type: file.type ?? 'application/octet-stream' }));
  return as(r.owner).raw('POST', `/api/interviews/${r.interview.id}/candidates${path}`, { body: form });
}

const importFile = (r: Recruiting, name: string, bytes: Uint8Array) => upload(r, '/import', 'file', [{ name, bytes }]);

async function sessionsOf(r: Recruiting): Promise<SessionList['sessions']> {
  const res = await as(r.owner).get(`/api/interviews/${r.interview.id}/sessions?sort=name&dir=asc&limit=200`);
  return ((await res.json()) as SessionList).sessions;
}

const ROWS: Cell[][] = [
  ['Name', 'Email', 'Phone', 'School', 'Work experience'],
  ['Ada Lovelace', 'ada@example.com', '+44 20 7946 0958', 'University of London', 'Analyst'],
  ['', 'nameless@example.com', null, null, null],
  ['Grace Hopper', 'GRACE@example.org', null, 'Yale', null],
  ['Alan Turing', 'not-an-email', null, null, null],
  ['Katherine Johnson', null, '555-0100', null, 'NASA'],
  ['Bad Phone', 'phone@example.com', 'call me maybe', null, null],
];

describe('Import by Excel', { timeout: 30_000 }, () => {
  it('imports the good rows of a real .xlsx, reports every bad one by row and reason, and a second import adds nothing', async () => {
    const r = await recruiting('import');
    const first = await importFile(r, 'candidates.xlsx', buildXlsx(ROWS));
    expect(first.status).toBe(200);
    const report = (await first.json()) as ImportReport;
    expect(report.imported).toBe(3);
    expect(report.skippedDuplicates).toBe(0);
    expect(report.errors.map((e) => e.row)).toEqual([3, 5, 7]);
    expect(report.errors[0]!.reason).toMatch(/Name/);
    expect(report.errors[1]!.reason).toMatch(/Email/);
    expect(report.errors[2]!.reason).toMatch(/Phone/);
    const sessions = await sessionsOf(r);
    expect(sessions.map((s) => [s.candidate.name, s.candidate.email, s.status])).toEqual([
      ['Ada Lovelace', 'ada@example.com', 'not_started'],
      ['Grace Hopper', 'grace@example.org', 'not_started'],
      ['Katherine Johnson', null, 'not_started'],
    ]);
    for (const s of sessions) expect(s.inviteUrl).toMatch(/\/i\/[A-Za-z0-9_-]{24}$/);

    const again = (await (await importFile(r, 'candidates.xlsx', buildXlsx(ROWS))).json()) as ImportReport;
    expect(again).toMatchObject({ imported: 0, skippedDuplicates: 3 });
    expect(await sessionsOf(r)).toHaveLength(3);
  });

  it('imports a sheet saved by LibreOffice Calc', async () => {
    const r = await recruiting('import');
    const report = (await (await importFile(r, 'libreoffice.xlsx', dataUrlBytes(libreOfficeXlsx))).json()) as ImportReport;
    expect(report.imported).toBe(2);
    expect(report.errors.map((e) => e.row)).toEqual([5, 6, 7]);
    expect((await sessionsOf(r)).map((s) => s.candidate.name)).toEqual(['Ada Lovelace', 'Grace Hopper']);
  });

  it('imports a .csv the same way', async () => {
    const r = await recruiting('import');
    const first = (await (await importFile(r, 'candidates.csv', buildCsv(ROWS))).json()) as ImportReport;
    expect(first).toMatchObject({ imported: 3, skippedDuplicates: 0 });
    expect(first.errors.map((e) => e.row)).toEqual([3, 5, 7]);
    const again = (await (await importFile(r, 'candidates.csv', buildCsv(ROWS, { separator: ';' }))).json()) as ImportReport;
    expect(again).toMatchObject({ imported: 0, skippedDuplicates: 3 });
  });

  it('refuses a zip bomb, a renamed PDF and an empty file with a 4xx, importing nothing', async () => {
    const r = await recruiting('import');
    const pdf = await buildResumePdf(ADA_RESUME);
    const cases: [string, Uint8Array, number, string][] = [
      ['bomb.xlsx', buildZipBombXlsx(64), 413, 'zip_bomb'],
      ['resume.xlsx', pdf, 415, 'unsupported_type'],
      ['empty.csv', new Uint8Array(0), 400, 'empty_file'],
    ];
    for (const [name, bytes, status, code] of cases) {
      const res = await importFile(r, name, bytes);
      expect(res.status, name).toBe(status);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
    }
    expect(await sessionsOf(r)).toEqual([]);
  });

  it('refuses an upload over the size limit before reading it', async () => {
    const r = await recruiting('import');
    const big = new Uint8Array(6 * 1024 * 1024).fill(0x61);
    const res = await importFile(r, 'big.csv', big);
    expect(res.status).toBe(413);
    expect(await sessionsOf(r)).toEqual([]);
  });

  it('answers 400, not 500, for a request without a file or that is not multipart', async () => {
    const r = await recruiting('import');
    const none = await as(r.owner).raw('POST', `/api/interviews/${r.interview.id}/candidates/import`, { body: new FormData() });
    expect(none.status).toBe(400);
    const json = await as(r.owner).send('POST', `/api/interviews/${r.interview.id}/candidates/import`, { file: 'x' });
    expect(json.status).toBe(400);
    const broken = await as(r.owner).raw('POST', `/api/interviews/${r.interview.id}/candidates/import`, {
      body: '--x\r\nnot really multipart',
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
    });
    expect(broken.status).toBe(400);
  });

  it('offers a real .xlsx template with the headers and an example row', async () => {
    const r = await recruiting('import');
    const res = await as(r.owner).get(`/api/interviews/${r.interview.id}/candidates/template.xlsx`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers.get('content-disposition')).toContain('.xlsx');
    const sheet = parseCandidateSheet(new Uint8Array(await res.arrayBuffer()), 'xlsx');
    expect(sheet.rows).toHaveLength(1);
    expect(sheet.errors).toEqual([]);
  });
});

// PDF.js and pdf-lib are slow under workerd's test runner: a few seconds per batch.
describe('Import by resumes', { timeout: 60_000 }, () => {
  async function tokens(r: Recruiting): Promise<number> {
    return (await env.DB.prepare('SELECT ai_tokens FROM organizations WHERE id = ?').bind(r.owner.signedIn.organization.id).first<{ ai_tokens: number }>())!.ai_tokens;
  }
  let built: { name: string; bytes: Uint8Array }[] | undefined;
  const pdfs = async () =>
    (built ??= [
      { name: 'ada.pdf', bytes: await buildResumePdf(ADA_RESUME) },
      { name: 'grace.pdf', bytes: await buildResumePdf(GRACE_RESUME) },
      { name: 'linus.pdf', bytes: await buildResumePdf(LINUS_RESUME) },
    ]);

  it('parses each PDF into fields for review, 5 tokens each, then creates the reviewed candidates with their resumes', async () => {
    const r = await recruiting('resumes');
    const before = await tokens(r);
    const res = await upload(r, '/resumes/parse', 'files', await pdfs());
    expect(res.status).toBe(200);
    const batch = (await res.json()) as { parsed: { fileName: string; resumeId: string; fields: Record<string, string> }[]; tokensSpent: number; tokensLeft: number };
    expect(batch.tokensSpent).toBe(15);
    expect(batch.tokensLeft).toBe(before - 15);
    expect(await tokens(r)).toBe(before - 15);
    expect(batch.parsed.map((p) => p.fileName)).toEqual(['ada.pdf', 'grace.pdf', 'linus.pdf']);
    expect(batch.parsed[0]!.fields).toMatchObject({
      name: 'Ada Lovelace',
      email: 'ada.lovelace@example.com',
      phone: '+44 20 7946 0958',
      school: expect.stringContaining('University of London'),
    });
    expect(batch.parsed[1]!.fields).toMatchObject({
      name: 'Grace Hopper',
      email: 'grace.hopper@example.org',
      phone: '(555) 010-2030',
      school: expect.stringContaining('Yale University'),
    });
    expect(batch.parsed[2]!.fields).toMatchObject({ name: 'Linus Torvalds', email: 'linus@example.net' });

    // The recruiter corrects a field during review; the resume goes with the candidate.
    const reviewed = batch.parsed.map((p, i) => ({ ...p.fields, resumeId: p.resumeId, ...(i === 2 ? { school: 'University of Helsinki' } : {}) }));
    const created = await as(r.owner).send('POST', `/api/interviews/${r.interview.id}/candidates/bulk`, { candidates: reviewed });
    expect(created.status).toBe(200);
    expect(await created.json()).toEqual({ imported: 3, skippedDuplicates: 0, errors: [] });
    const rows = await env.DB.prepare('SELECT name, school, resume_key FROM candidates WHERE interview_id = ? ORDER BY name')
      .bind(r.interview.id)
      .all<{ name: string; school: string; resume_key: string }>();
    expect(rows.results.map((row) => row.name)).toEqual(['Ada Lovelace', 'Grace Hopper', 'Linus Torvalds']);
    expect(rows.results[2]!.school).toBe('University of Helsinki');
    for (const row of rows.results) expect(await env.MEDIA.head(row.resume_key)).not.toBeNull();
  });

  it('refuses the batch up front when the balance is short, spending nothing', async () => {
    const r = await recruiting('resumes');
    await env.DB.prepare('UPDATE organizations SET ai_tokens = 14 WHERE id = ?').bind(r.owner.signedIn.organization.id).run();
    const res = await upload(r, '/resumes/parse', 'files', await pdfs());
    expect(res.status).toBe(402);
    const error = ((await res.json()) as { error: { code: string; message: string } }).error;
    expect(error.code).toBe('insufficient_tokens');
    expect(error.message).toContain('15');
    expect(await tokens(r)).toBe(14);
  });

  it('reports a fake PDF in a batch by name and goes on with the others, spending tokens only on them', async () => {
    const r = await recruiting('resumes');
    const before = await tokens(r);
    const fake = new TextEncoder().encode('Name,Email\nNot,a pdf\n');
    const [ada, grace] = await pdfs();
    const res = await upload(r, '/resumes/parse', 'files', [ada!, { name: 'fake.pdf', bytes: fake, type: 'application/pdf' }, grace!]);
    expect(res.status).toBe(200);
    const batch = (await res.json()) as { parsed: { fileName: string }[]; failed: { fileName: string; reason: string }[]; tokensSpent: number };
    expect(batch.parsed.map((p) => p.fileName)).toEqual(['ada.pdf', 'grace.pdf']);
    expect(batch.failed).toEqual([{ fileName: 'fake.pdf', reason: expect.stringContaining('expected') }]);
    expect(batch.tokensSpent).toBe(10);
    expect(await tokens(r)).toBe(before - 10);
  });

  it('refuses a batch none of whose files can be read with a 4xx naming the file, spending nothing', async () => {
    const r = await recruiting('resumes');
    const before = await tokens(r);
    const fake = new TextEncoder().encode('Name,Email\nNot,a pdf\n');
    const res = await upload(r, '/resumes/parse', 'files', [{ name: 'fake.pdf', bytes: fake, type: 'application/pdf' }]);
    expect(res.status).toBe(415);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain('fake.pdf');
    expect(await tokens(r)).toBe(before);
  });

  it('reads a single resume into fields for the form to check, creating nothing and spending nothing', async () => {
    const r = await recruiting('resumes');
    const before = await tokens(r);
    const [ada] = await pdfs();
    const res = await upload(r, '/resume-preview', 'resume', [ada!]);
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await res.json()).toEqual({
      fileName: 'ada.pdf',
      fields: expect.objectContaining({ name: 'Ada Lovelace', email: 'ada.lovelace@example.com', phone: '+44 20 7946 0958' }),
    });
    expect(await sessionsOf(r)).toEqual([]);
    expect(await tokens(r)).toBe(before);

    const notPdf = await upload(r, '/resume-preview', 'resume', [{ name: 'notes.pdf', bytes: new TextEncoder().encode('hello') }]);
    expect(notPdf.status).toBe(415);
    const none = await upload(r, '/resume-preview', 'resume', []);
    expect(none.status).toBe(400);
    expect(((await none.json()) as { error: { fields: Record<string, string> } }).error.fields).toEqual({ resume: 'is required' });
  });

  it('refuses a resumeId that was never parsed for this organization', async () => {
    const r = await recruiting('resumes');
    const res = await as(r.owner).send('POST', `/api/interviews/${r.interview.id}/candidates/bulk`, {
      candidates: [{ name: 'Mallory', resumeId: crypto.randomUUID() }, { name: '' }, { name: 'Fine Person' }],
    });
    expect(await res.json()).toEqual({
      imported: 1,
      skippedDuplicates: 0,
      errors: [
        { row: 1, reason: 'Its resume was not read for this organization: upload the resume again.' },
        { row: 2, reason: 'Name is required.' },
      ],
    });
  });
});
