/**
 * Resumes: the PDF on "Create individually" fills the fields left empty, and "Import by resumes"
 * turns a batch of PDFs into candidate fields for review. Each parsed resume costs the
 * organization RESUME_TOKEN_COST AI tokens; a batch the balance cannot pay is refused before
 * any work, and a batch with one bad file is refused whole, with nothing spent.
 */

import { findAiTokens, returnAiTokens, spendAiTokens } from '../db/organizations';
import { HttpError } from '../errors';
import { chooseExtractor, extractPdfText, ImportError, RESUME_TOKEN_COST, requireFileType, ruleBasedExtractor } from '../imports';
import { r2Keys } from '../keys';
import type { CandidateFields } from '../schemas/candidates';
import { MAX_RESUMES_PER_BATCH, type UploadedFile } from './uploads';

interface ParsedResume {
  fileName: string;
  /** Pass it back with the reviewed candidate: the PDF is kept as that candidate's resume. */
  resumeId: string;
  fields: CandidateFields;
  /** Which extractor read it: "rules" (built in, offline) or "workers-ai". */
  extractor: string;
}

export interface ResumeBatch {
  parsed: ParsedResume[];
  tokensSpent: number;
  tokensLeft: number;
}

const insufficientTokens = (balance: number, needed: number, files: number) =>
  new HttpError(
    402,
    'insufficient_tokens',
    `Parsing ${files} resume${files === 1 ? '' : 's'} costs ${needed} AI tokens and your organization has ${balance}. Upload fewer resumes or add tokens.`,
  );

/** A refusal that names the file, so the recruiter knows which one to take out. */
function aboutFile(file: UploadedFile, err: unknown): unknown {
  return err instanceof ImportError ? new ImportError(err.code, `${file.name}: ${err.message}`) : err;
}

export async function parseResumeBatch(env: Env, orgId: string, files: readonly UploadedFile[]): Promise<ResumeBatch> {
  if (files.length === 0) throw new HttpError(400, 'invalid_request', 'Choose at least one PDF resume.', { files: 'is required' });
  if (files.length > MAX_RESUMES_PER_BATCH) {
    throw new HttpError(413, 'too_many_files', `At most ${MAX_RESUMES_PER_BATCH} resumes at once.`, { files: `at most ${MAX_RESUMES_PER_BATCH}` });
  }
  const cost = files.length * RESUME_TOKEN_COST;
  const balance = await findAiTokens(env.DB, orgId);
  if (balance < cost) throw insufficientTokens(balance, cost, files.length);
  // Every file's type is checked from its bytes before any is parsed: a fake PDF stops the batch cheaply.
  for (const file of files) {
    try {
      requireFileType(file.bytes, ['pdf']);
    } catch (err) {
      throw aboutFile(file, err);
    }
  }

  const extractor = chooseExtractor(env);
  const parsed: ParsedResume[] = [];
  const uploads: { resumeId: string; file: UploadedFile }[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = (await extractPdfText(file.bytes)).text;
    } catch (err) {
      throw aboutFile(file, err);
    }
    const resumeId = crypto.randomUUID();
    parsed.push({ fileName: file.name, resumeId, fields: await extractor.extract(text), extractor: extractor.name });
    uploads.push({ resumeId, file });
  }

  // Spent in one guarded statement, so two batches racing for the last tokens cannot both pass.
  const left = await spendAiTokens(env.DB, orgId, cost);
  if (left === null) throw insufficientTokens(await findAiTokens(env.DB, orgId), cost, files.length);
  try {
    await Promise.all(uploads.map(({ resumeId, file }) => env.MEDIA.put(r2Keys.resumeUpload(orgId, resumeId), file.bytes, { httpMetadata: { contentType: 'application/pdf' } })));
  } catch (err) {
    await returnAiTokens(env.DB, orgId, cost);
    throw err;
  }
  return { parsed, tokensSpent: cost, tokensLeft: left };
}

/** The fields a single uploaded resume gives, read by the built-in extractor (no tokens spent). */
export async function fieldsFromResume(bytes: Uint8Array): Promise<CandidateFields> {
  const { text } = await extractPdfText(bytes);
  return ruleBasedExtractor.extract(text);
}
