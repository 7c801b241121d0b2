/**
 * "Import by Excel": turns an uploaded .xlsx or .csv into candidates, one per row, and the reasons
 * every other row was refused. Nothing here saves anything; a route imports the good rows.
 */
import { type CandidateField, type CandidateInput, candidateInputSchema } from '../schemas/candidates';
import { readCsvRows } from './csv';
import { ImportError } from './errors';
import { IMPORT_LIMITS } from './limits';
import { MAX_SHEET_ROWS, type SheetRow, tooManyRows } from './sheet-rows';
import { requireFileType } from './sniff';
import { readXlsxRows } from './xlsx';

export type SheetKind = 'xlsx' | 'csv';

interface CandidateRow {
  /** The row number the recruiter sees in their spreadsheet. */
  row: number;
  candidate: CandidateInput;
}

interface RowError {
  row: number;
  /** The column at fault, when there is one. */
  field?: CandidateField;
  reason: string;
}

export interface CandidateSheet {
  kind: SheetKind;
  rows: CandidateRow[];
  errors: RowError[];
}

/** Header spellings people use, compared after lower-casing and dropping all but letters and digits. */
const HEADER_ALIASES: Record<CandidateField | 'firstName' | 'lastName', readonly string[]> = {
  name: ['name', 'fullname', 'candidatename', 'candidate', 'yourname'],
  firstName: ['firstname', 'givenname', 'forename'],
  lastName: ['lastname', 'surname', 'familyname'],
  email: ['email', 'emailaddress', 'mail', 'candidateemail'],
  phone: ['phone', 'phonenumber', 'mobile', 'mobilephone', 'mobilenumber', 'cellphone', 'cell', 'telephone', 'tel', 'contactnumber'],
  school: ['school', 'university', 'college', 'education', 'institution', 'schoolname', 'almamater'],
  workExperience: ['workexperience', 'experience', 'workhistory', 'employment', 'employmenthistory', 'yearsofexperience', 'previousexperience'],
};

export const FIELD_LABELS: Record<CandidateField, string> = {
  name: 'Name',
  email: 'Email',
  phone: 'Phone',
  school: 'School',
  workExperience: 'Work experience',
};

/** A header may sit below a title line or two, but no further down. */
const HEADER_SEARCH_ROWS = 3;

type Columns = Partial<Record<keyof typeof HEADER_ALIASES, number>>;

/**
 * Reads a candidate spreadsheet. `kind` is what the caller expects; the bytes decide, and a file
 * that is not a readable .xlsx or .csv is refused whole with an ImportError.
 */
export function parseCandidateSheet(bytes: Uint8Array, kind?: SheetKind): CandidateSheet {
  const found = requireFileType(bytes, kind ? [kind] : ['xlsx', 'csv']);
  const sheetRows = found === 'xlsx' ? readXlsxRows(bytes, MAX_SHEET_ROWS) : readCsvRows(bytes, MAX_SHEET_ROWS);

  if (sheetRows.length === 0) throw new ImportError('empty_file', 'The file has no rows with anything in them.');
  const header = sheetRows.slice(0, HEADER_SEARCH_ROWS).find((row) => hasNameColumn(matchColumns(row.cells)));
  if (!header) throw missingNameColumn(sheetRows[0]);
  const columns = matchColumns(header.cells);
  const dataRows = sheetRows.slice(sheetRows.indexOf(header) + 1);
  if (dataRows.length > IMPORT_LIMITS.maxRows) throw tooManyRows();
  if (dataRows.length === 0) throw new ImportError('no_candidates', 'The file has a header row but no candidate rows under it.');

  const rows: CandidateRow[] = [];
  const errors: RowError[] = [];
  const firstRowOfEmail = new Map<string, number>();
  for (const { row, cells } of dataRows) {
    const parsed = candidateInputSchema.safeParse(readCandidate(cells, columns));
    if (!parsed.success) {
      const reported = new Set<CandidateField>();
      for (const issue of parsed.error.issues) {
        const field = issue.path[0] as CandidateField;
        // One reason per cell is enough to fix it.
        if (reported.has(field)) continue;
        reported.add(field);
        errors.push({ row, field, reason: `${FIELD_LABELS[field]} ${issue.message}` });
      }
      continue;
    }
    const { email } = parsed.data;
    if (email) {
      const earlier = firstRowOfEmail.get(email);
      if (earlier !== undefined) {
        errors.push({ row, field: 'email', reason: `Email ${email} is already used in row ${earlier}` });
        continue;
      }
      firstRowOfEmail.set(email, row);
    }
    rows.push({ row, candidate: parsed.data });
  }
  return { kind: found, rows, errors };
}

function matchColumns(headers: readonly string[]): Columns {
  const columns: Columns = {};
  headers.forEach((header, index) => {
    const key = normalizeHeader(header);
    for (const [field, aliases] of Object.entries(HEADER_ALIASES) as [keyof Columns, readonly string[]][]) {
      if (columns[field] === undefined && aliases.includes(key)) columns[field] = index;
    }
  });
  return columns;
}

/** "E-mail", "Name *", "Phone (optional)", "Work  Experience" → email, name, phone, workexperience. */
function normalizeHeader(header: string): string {
  return header
    .replace(/\(.*?\)/g, '')
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

const hasNameColumn = (columns: Columns) => columns.name !== undefined || (columns.firstName !== undefined && columns.lastName !== undefined);

function readCandidate(cells: readonly string[], columns: Columns): Record<CandidateField, string | undefined> {
  const cell = (index: number | undefined) => (index === undefined ? undefined : cells[index]?.trim());
  const name = columns.name !== undefined ? cell(columns.name) : [cell(columns.firstName), cell(columns.lastName)].filter(Boolean).join(' ');
  return {
    name,
    email: cell(columns.email),
    phone: cell(columns.phone),
    school: cell(columns.school),
    workExperience: cell(columns.workExperience),
  };
}

function missingNameColumn(first: SheetRow | undefined): ImportError {
  const headers = (first?.cells ?? [])
    .map((cell) => cell.trim())
    .filter(Boolean)
    .slice(0, 8);
  const seen = headers.length ? ` The first row has: ${headers.map((h) => `"${h}"`).join(', ')}.` : '';
  return new ImportError('missing_name_column', `No "Name" column found. Use the template's header row: Name, Email, Phone, School, Work experience.${seen}`);
}
