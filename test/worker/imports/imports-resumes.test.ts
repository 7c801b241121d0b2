import { strToU8 } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { aiExtractor, chooseExtractor, extractPdfText, ImportError, type ImportErrorCode, RESUME_MODEL, RESUME_TOKEN_COST, ruleBasedExtractor } from '../../../worker/imports';
import { ADA_RESUME, buildResumePdf, GRACE_RESUME, LINUS_RESUME } from '../../fixtures/imports/resumes';

async function refusal(promise: Promise<unknown>): Promise<ImportError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof ImportError) return err;
    throw err;
  }
  throw new Error('expected the PDF to be refused');
}

async function expectRefused(promise: Promise<unknown>, code: ImportErrorCode, status: number) {
  const err = await refusal(promise);
  expect(err.code).toBe(code);
  expect(err.status).toBe(status);
  return err;
}

/** A Workers AI binding that answers like JSON mode does, recording what it was asked. */
function answeringAi(answer: unknown) {
  const calls: { model: string; inputs: { messages: { role: string; content: string }[] } }[] = [];
  const ai = {
    async run(model: string, inputs: { messages: { role: string; content: string }[] }) {
      calls.push({ model, inputs });
      if (answer instanceof Error) throw answer;
      return { response: answer };
    },
  } as unknown as Ai;
  return { ai, calls };
}

// PDF.js is large and loads once per isolate; here that includes Vite transforming it, so the first
// load gets its own generous timeout instead of eating into the first test's.
beforeAll(async () => {
  await extractPdfText(await buildResumePdf({ lines: ['Warm Up'] }));
}, 120_000);

describe('reading the text of a resume PDF', () => {
  it('returns the text line by line with its page count', async () => {
    const { text, pages } = await extractPdfText(await buildResumePdf(ADA_RESUME));
    expect(pages).toBe(1);
    expect(text.split('\n')).toEqual(ADA_RESUME.lines.filter(Boolean));
  });

  it('accepts the page cap and refuses one page more', async () => {
    expect((await extractPdfText(await buildResumePdf({ ...ADA_RESUME, extraPages: 9 }), { maxPages: 10 })).pages).toBe(10);
    const err = await expectRefused(extractPdfText(await buildResumePdf({ ...ADA_RESUME, extraPages: 10 }), { maxPages: 10 }), 'too_many_pages', 413);
    expect(err.message).toContain('11 pages');
  });

  it('refuses a password-protected PDF', async () => {
    const locked = await buildResumePdf({ ...ADA_RESUME, userPassword: 'secret' });
    await expectRefused(extractPdfText(locked), 'encrypted_file', 422);
  });

  it('refuses fake PDFs: a PDF header over garbage, and other bytes named .pdf', async () => {
    await expectRefused(extractPdfText(strToU8('%PDF-1.7\nthis is not a document at all\n%%EOF')), 'corrupt_file', 422);
    await expectRefused(extractPdfText(strToU8('Ada Lovelace, ada@example.com')), 'unsupported_type', 415);
    await expectRefused(extractPdfText(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0])), 'unsupported_type', 415);
    await expectRefused(extractPdfText(new Uint8Array(0)), 'empty_file', 400);
  });

  it('refuses a PDF cut off halfway', async () => {
    const pdf = await buildResumePdf(ADA_RESUME);
    await expectRefused(extractPdfText(pdf.subarray(0, Math.floor(pdf.length / 3))), 'corrupt_file', 422);
  });
});

describe('the rule-based resume extractor (offline, always available)', () => {
  it('finds name, email, phone, school and the Experience section', async () => {
    const { text } = await extractPdfText(await buildResumePdf(ADA_RESUME));
    expect(await ruleBasedExtractor.extract(text)).toEqual({
      name: 'Ada Lovelace',
      email: 'ada.lovelace@example.com',
      phone: '+44 20 7946 0958',
      school: 'University of London',
      workExperience: 'Analytical Engines Ltd, Data Analyst, 2019 - 2024\nBuilt models of the engine and wrote its notes.',
    });
  });

  it('takes a labelled mobile number and the school from the Education section', async () => {
    const { text } = await extractPdfText(await buildResumePdf(GRACE_RESUME));
    expect(await ruleBasedExtractor.extract(text)).toEqual({
      name: 'Grace Hopper',
      email: 'grace.hopper@example.org',
      phone: '(555) 010-2030',
      school: 'Yale University',
      workExperience: 'US Navy, Computer Programmer, 1944 - 1986\nWrote the first compiler.',
    });
  });

  it('falls back to a line stating years of experience, and leaves out what it cannot find', async () => {
    const { text } = await extractPdfText(await buildResumePdf(LINUS_RESUME));
    expect(await ruleBasedExtractor.extract(text)).toEqual({
      name: 'Linus Torvalds',
      email: 'linus@example.net',
      school: 'Helsinki Institute of Technology',
      workExperience: 'Helsinki Institute of Technology graduate with 30 years of experience in kernel development.',
    });
    expect(await ruleBasedExtractor.extract('')).toEqual({});
  });
});

describe('the AI resume extractor', () => {
  it('asks Workers AI with the resume text and keeps the fields it returns', async () => {
    const { ai, calls } = answeringAi({ name: 'Ada King', school: 'University of London', workExperience: 'Data analyst' });
    const fields = await aiExtractor(ai).extract('Ada King\nada@example.com\nUniversity of London');
    expect(calls).toHaveLength(1);
    expect(calls[0]?.model).toBe(RESUME_MODEL);
    expect(calls[0]?.inputs.messages.at(-1)?.content).toContain('ada@example.com');
    expect(fields).toEqual({ name: 'Ada King', email: 'ada@example.com', school: 'University of London', workExperience: 'Data analyst' });
  });

  it('keeps the email found in the text over the model, and drops fields that fail validation', async () => {
    const { ai } = answeringAi(JSON.stringify({ name: 'Ada', email: 'invented@example.com', phone: 'not a phone', school: 42 }));
    const fields = await aiExtractor(ai).extract('Ada Lovelace\nada@example.com');
    expect(fields).toEqual({ name: 'Ada', email: 'ada@example.com' });
  });

  it('falls back to the rules when the model fails', async () => {
    const { ai } = answeringAi(new Error('model overloaded'));
    const { text } = await extractPdfText(await buildResumePdf(GRACE_RESUME));
    expect(await aiExtractor(ai).extract(text)).toEqual(await ruleBasedExtractor.extract(text));
  });
});

describe('choosing an extractor', () => {
  it('uses the AI one only when the Worker has an AI binding', () => {
    expect(chooseExtractor({}).name).toBe('rules');
    expect(chooseExtractor({ AI: answeringAi({}).ai }).name).toBe('workers-ai');
  });

  it('charges 5 tokens per resume', () => {
    expect(RESUME_TOKEN_COST).toBe(5);
  });
});
