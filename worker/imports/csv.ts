/** Reads the rows of a CSV (comma, semicolon or tab separated, as spreadsheets export them). */
import Papa from 'papaparse';
import { ImportError } from './errors';
import { type SheetRow, tooManyRows } from './sheet-rows';

/**
 * The non-blank records of a UTF-8 CSV, numbered as a spreadsheet opening the file shows them
 * (a quoted value spanning lines is still one row). Throws too_many_rows past `maxRows`.
 */
export function readCsvRows(bytes: Uint8Array, maxRows: number): SheetRow[] {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new ImportError('unsupported_type', 'The CSV is not UTF-8 text. Save it as "CSV UTF-8" and upload it again.');
  }
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: false, delimitersToGuess: [',', ';', '\t', '|'] });
  const unclosed = parsed.errors.find((error) => error.code === 'MissingQuotes');
  if (unclosed) {
    const row = (unclosed.row ?? 0) + 1;
    throw new ImportError('corrupt_file', `The CSV has a quote that is never closed, starting in row ${row}.`);
  }

  const rows: SheetRow[] = [];
  parsed.data.forEach((cells, index) => {
    if (!cells.some((cell) => cell.trim() !== '')) return;
    rows.push({ row: index + 1, cells });
    if (rows.length > maxRows) throw tooManyRows();
  });
  return rows;
}
