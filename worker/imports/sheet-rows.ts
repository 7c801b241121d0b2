import { ImportError } from './errors';
import { IMPORT_LIMITS } from './limits';

/** One non-blank row of a spreadsheet, numbered as Excel or a text editor shows it (from 1). */
export interface SheetRow {
  row: number;
  cells: string[];
}

/** Readers stop past this many non-blank rows: the candidate rows plus a header and a title or two. */
export const MAX_SHEET_ROWS = IMPORT_LIMITS.maxRows + 3;

export function tooManyRows(): ImportError {
  return new ImportError('too_many_rows', `The file has more than ${IMPORT_LIMITS.maxRows.toLocaleString('en-US')} candidate rows; split it into smaller files.`);
}
