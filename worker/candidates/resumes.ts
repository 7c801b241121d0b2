/**
 * Resumes: the PDF on "Create individually" fills the fields left empty, and "Import by resumes"
 * turns a batch of PDFs into candidate fields for review. Each parsed resume costs the
 * organization RESUME_TOKEN_COST AI tokens; a batch the balance cannot pay is refused before
 * any work. A file that cannot be read (not a PDF, encrypted, damaged) is reported by name and
 * costs nothing, and the others go on; a batch none of whose files can be read is refused.
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
  /** Files that could not be read, with why; they cost nothing. */
  failed: { fileName: string; reason: string }[];
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
  const extractor = chooseExtractor(env);
  const parsed: ParsedResume[] = [];
  const failed: ResumeBatch['failed'] = [];
  const uploads: { resumeId: string; file: UploadedFile }[] = [];
  let firstFailure: unknown;
  for (const file of files) {
    let text: string;
    try {
      // The type is checked from the bytes before PDF.js sees them.
      requireFileType(file.bytes, ['pdf']);
      text = (await extractPdfText(file.bytes)).text;
    } catch (err) {
      // Only what the file itself caused is reported and skipped; anything else is our fault and fails the batch.
      if (!(err instanceof ImportError)) throw err;
      firstFailure ??= aboutFile(file, err);
      failed.push({ fileName: file.name, reason: err.message });
      continue;
    }
    const resumeId = crypto.randomUUID();
    parsed.push({ fileName: file.name, resumeId, fields: await extractor.extract(text), extractor: extractor.name });
    uploads.push({ resumeId, file });
  }
  if (parsed.length === 0) throw firstFailure;
  const spent = parsed.length * RESUME_TOKEN_COST;

  // Spent in one guarded statement, so two batches racing for the last tokens cannot both pass.
  const left = await spendAiTokens(env.DB, orgId, spent);
  if (left === null) throw insufficientTokens(await findAiTokens(env.DB, orgId), spent, parsed.length);
  try {
    await Promise.all(uploads.map(({ resumeId, file }) => env.MEDIA.put(r2Keys.resumeUpload(orgId, resumeId), file.bytes, { httpMetadata: { contentType: 'application/pdf' } })));
  } catch (err) {
    await returnAiTokens(env.DB, orgId, spent);
    throw err;
  }
  return { parsed, failed, tokensSpent: spent, tokensLeft: left };
}

/** The fields a single uploaded resume gives, read by the built-in extractor (no tokens spent). */
export async function fieldsFromResume(bytes: Uint8Array): Promise<CandidateFields> {
  const { text } = await extractPdfText(bytes);
  return ruleBasedExtractor.extract(text);
}
