/** Reading uploaded files from a multipart request: bounded, and malformed bodies answer 400. */
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { badRequest, HttpError } from '../errors';
import { IMPORT_LIMITS } from '../imports';

/** Resumes parsed in one request: each costs tokens and CPU, and the recruiter reviews them all. */
export const MAX_RESUMES_PER_BATCH = 20;
/** Room for the multipart framing and the text fields around the files. */
const FORM_OVERHEAD = 64 * 1024;

const mib = (bytes: number) => Math.round(bytes / (1024 * 1024));

/** Refuses a request body over `files` uploads' worth before reading any of it. */
export const uploadLimit = (files: number) =>
  bodyLimit({
    maxSize: files * IMPORT_LIMITS.maxFileBytes + FORM_OVERHEAD,
    onError: () => {
      throw new HttpError(413, 'too_large', `The upload is too large: at most ${files} file${files === 1 ? '' : 's'} of ${mib(IMPORT_LIMITS.maxFileBytes)} MB.`);
    },
  });

export function isMultipart(c: Context): boolean {
  return (c.req.header('content-type') ?? '').toLowerCase().startsWith('multipart/form-data');
}

export async function readForm(c: Context): Promise<FormData> {
  if (!isMultipart(c)) throw badRequest('Send the file as multipart/form-data.', { file: 'is required' });
  try {
    return await c.req.formData();
  } catch {
    throw badRequest('The upload is not a readable multipart form.', { file: 'could not be read' });
  }
}

export interface UploadedFile {
  name: string;
  bytes: Uint8Array;
}

export async function filesOf(form: FormData, field: string): Promise<UploadedFile[]> {
  const files: UploadedFile[] = [];
  for (const entry of form.getAll(field)) {
    if (typeof entry === 'string') throw badRequest(`"${field}" must be a file, not text.`, { [field]: 'must be a file' });
    files.push({ name: entry.name.slice(0, 255), bytes: new Uint8Array(await entry.arrayBuffer()) });
  }
  return files;
}

/** The text fields of a form, blank ones left out. */
export function textFieldsOf(form: FormData, names: readonly string[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const name of names) {
    const value = form.get(name);
    if (typeof value === 'string' && value.trim() !== '') fields[name] = value;
  }
  return fields;
}
