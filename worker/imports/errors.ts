import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { HttpError } from '../errors';

/** Why an uploaded file was refused. Each code is stable: the app shows its own text for it. */
export type ImportErrorCode =
  | 'empty_file'
  | 'unsupported_type'
  | 'too_large'
  | 'zip_bomb'
  | 'corrupt_file'
  | 'encrypted_file'
  | 'too_many_rows'
  | 'too_many_pages'
  | 'missing_name_column'
  | 'no_candidates';

const STATUS: Record<ImportErrorCode, ContentfulStatusCode> = {
  empty_file: 400,
  unsupported_type: 415,
  too_large: 413,
  zip_bomb: 413,
  corrupt_file: 422,
  encrypted_file: 422,
  too_many_rows: 413,
  too_many_pages: 413,
  missing_name_column: 422,
  no_candidates: 422,
};

/**
 * A file refused as a whole, before anything is saved. It is an HttpError, so a route that lets
 * it through answers its 4xx in the one error shape without mapping anything.
 */
export class ImportError extends HttpError {
  constructor(
    override readonly code: ImportErrorCode,
    message: string,
  ) {
    super(STATUS[code], code, message);
    this.name = 'ImportError';
  }
}
