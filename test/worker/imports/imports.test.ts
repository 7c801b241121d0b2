import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { HttpError } from '../../../worker/errors';
import { buildCandidateTemplate, type CandidateSheet, IMPORT_LIMITS, ImportError, type ImportErrorCode, parseCandidateSheet, sniffFileType } from '../../../worker/imports';
import { TEMPLATE_EXAMPLE } from '../../../worker/imports/template';
import libreOfficeXlsx from '../../fixtures/imports/libreoffice-candidates.xlsx?inline';
import { ADA_RESUME, buildResumePdf } from '../../fixtures/imports/resumes';
import { buildCsv, buildLyingZipBombXlsx, buildXlsx, buildZipBombXlsx, type Cell, withDeclaredSize, workbookParts } from '../../fixtures/imports/spreadsheets';

/** A sheet with every kind of row the importer must tell apart; row numbers as Excel shows them. */
const MIXED_ROWS: Cell[][] = [
  ['Full Name', 'E-mail', 'Phone Number', 'School', 'Work experience'], // 1
  ['Ada Lovelace', 'ada@example.com', '+44 20 7946 0958', 'University of London', 'Analyst'], // 2
  ['Grace Hopper', 'GRACE@Example.org', 5550102030, 'Yale University', 'Programmer, US Navy'], // 3
  [null, null, null, null, null], // 4: blank, skipped
  ['', 'nobody@example.com', '', '', ''], // 5: no name
  ['Alan Turing', 'not-an-email', '', "King's College", ''], // 6: bad email
  ['Katherine Johnson', 'ADA@example.com', '', '', ''], // 7: same email as row 2
  ['Edsger Dijkstra', '', 'call me maybe', '', ''], // 8: bad phone
  ['Barbara Liskov', '', '', '', ''], // 9: name only is enough
];

function expectMixedResult(sheet: CandidateSheet) {
  expect(sheet.rows).toEqual([
    {
      row: 2,
      candidate: {
        name: 'Ada Lovelace',
        email: 'ada@example.com',
        phone: '+44 20 7946 0958',
        school: 'University of London',
        workExperience: 'Analyst',
      },
    },
    {
      row: 3,
      candidate: {
        name: 'Grace Hopper',
        email: 'grace@example.org',
        phone: '5550102030',
        school: 'Yale University',
        workExperience: 'Programmer, US Navy',
      },
    },
    { row: 9, candidate: { name: 'Barbara Liskov' } },
  ]);
  expect(sheet.errors).toEqual([
    { row: 5, field: 'name', reason: 'Name is required' },
    { row: 6, field: 'email', reason: 'Email is not a valid email address' },
    { row: 7, field: 'email', reason: 'Email ada@example.com is already used in row 2' },
    { row: 8, field: 'phone', reason: 'Phone is not a valid phone number' },
  ]);
}

function refusal(fn: () => unknown): ImportError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ImportError) return err;
    throw err;
  }
  throw new Error('expected the file to be refused');
}

function expectRefused(fn: () => unknown, code: ImportErrorCode, status: number) {
  const err = refusal(fn);
  expect(err.code).toBe(code);
  // An HttpError with a 4xx: a route that lets it through answers in the one error shape.
  expect(err).toBeInstanceOf(HttpError);
  expect(err.status).toBe(status);
  expect(err.message.length).toBeGreaterThan(10);
  return err;
}

const dataUrlBytes = (dataUrl: string) => Uint8Array.from(atob(dataUrl.slice(dataUrl.indexOf(',') + 1)), (c) => c.charCodeAt(0));

const candidateRows = (count: number): Cell[][] => [['Name', 'Email'], ...Array.from({ length: count }, (_, i) => [`Candidate ${i + 1}`, `candidate${i + 1}@example.com`])];

describe('sniffing a file type from its bytes', () => {
  it('tells xlsx, csv and pdf apart and ignores what the file claims to be', async () => {
    expect(sniffFileType(buildXlsx(MIXED_ROWS))).toBe('xlsx');
    expect(sniffFileType(buildCsv(MIXED_ROWS))).toBe('csv');
    expect(sniffFileType(await buildResumePdf(ADA_RESUME))).toBe('pdf');
    expect(sniffFileType(dataUrlBytes(libreOfficeXlsx))).toBe('xlsx');
  });

  it('calls anything else unknown: empty, binary, UTF-16 text, a zip that is not a workbook', () => {
    expect(sniffFileType(new Uint8Array(0))).toBe('unknown');
    expect(sniffFileType(Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]))).toBe('unknown'); // old .xls
    const utf16 = new Uint8Array([0xff, 0xfe, ...Array.from('Name', (c) => [c.charCodeAt(0), 0]).flat()]);
    expect(sniffFileType(utf16)).toBe('unknown');
    expect(sniffFileType(zipSync({ 'word/document.xml': strToU8('<w/>'), '[Content_Types].xml': strToU8('<Types/>') }))).toBe('unknown');
  });
});

describe('importing candidates from an .xlsx', () => {
  it('imports good rows and reports every bad one by row number and reason (shared strings)', () => {
    const sheet = parseCandidateSheet(buildXlsx(MIXED_ROWS), 'xlsx');
    expect(sheet.kind).toBe('xlsx');
    expectMixedResult(sheet);
  });

  it('reads cells written as inline strings the same way', () => {
    expectMixedResult(parseCandidateSheet(buildXlsx(MIXED_ROWS, { strings: 'inline' })));
  });

  it('reads a file saved by LibreOffice Calc', () => {
    const sheet = parseCandidateSheet(dataUrlBytes(libreOfficeXlsx), 'xlsx');
    expect(sheet.rows.map(({ row, candidate }) => [row, candidate.name, candidate.email, candidate.phone])).toEqual([
      [2, 'Ada Lovelace', 'ada@example.com', '+44 20 7946 0958'],
      [3, 'Grace Hopper', 'grace@example.org', '5550102030'],
    ]);
    expect(sheet.rows[0]?.candidate.workExperience).toBe('Analyst, Analytical Engines Ltd');
    expect(sheet.errors).toEqual([
      { row: 5, field: 'name', reason: 'Name is required' },
      { row: 6, field: 'email', reason: 'Email is not a valid email address' },
      { row: 7, field: 'email', reason: 'Email ada@example.com is already used in row 2' },
    ]);
  });

  it('gives the same answer for the same file twice, so a re-import can match on email', () => {
    const bytes = buildXlsx(MIXED_ROWS);
    expect(parseCandidateSheet(bytes)).toEqual(parseCandidateSheet(bytes));
  });

  it('finds the header below a title line and takes first and last name columns', () => {
    const sheet = parseCandidateSheet(buildXlsx([['Spring hiring, backend'], ['First name', 'Last name', 'Email address'], ['Ada', 'Lovelace', 'ada@example.com']]));
    expect(sheet.rows).toEqual([{ row: 3, candidate: { name: 'Ada Lovelace', email: 'ada@example.com' } }]);
  });

  it('accepts exactly the row cap and refuses one row more', () => {
    expect(parseCandidateSheet(buildXlsx(candidateRows(IMPORT_LIMITS.maxRows))).rows).toHaveLength(IMPORT_LIMITS.maxRows);
    expectRefused(() => parseCandidateSheet(buildXlsx(candidateRows(IMPORT_LIMITS.maxRows + 1))), 'too_many_rows', 413);
  });
});

describe('the .xlsx template', () => {
  it('is a real workbook whose header and example row import as the example candidate', async () => {
    const template = await buildCandidateTemplate();
    expect(sniffFileType(template)).toBe('xlsx');
    const sheet = parseCandidateSheet(template, 'xlsx');
    expect(sheet.errors).toEqual([]);
    expect(sheet.rows).toEqual([{ row: 2, candidate: { ...TEMPLATE_EXAMPLE } }]);
  });
});

describe('importing candidates from a .csv', () => {
  it('imports good rows and reports bad ones like the .xlsx', () => {
    const sheet = parseCandidateSheet(buildCsv(MIXED_ROWS), 'csv');
    expect(sheet.kind).toBe('csv');
    expectMixedResult(sheet);
  });

  it('reads semicolon-separated files with a byte order mark, as European Excel saves them', () => {
    expectMixedResult(parseCandidateSheet(buildCsv(MIXED_ROWS, { separator: ';', bom: true, eol: '\n' })));
  });

  it('numbers rows as a spreadsheet does when a quoted value spans lines', () => {
    const sheet = parseCandidateSheet(
      buildCsv([
        ['Name', 'Work experience'],
        ['Ada Lovelace', 'Analyst\nWriter'],
        ['Grace Hopper', 'Programmer'],
      ]),
    );
    expect(sheet.rows).toEqual([
      { row: 2, candidate: { name: 'Ada Lovelace', workExperience: 'Analyst\nWriter' } },
      { row: 3, candidate: { name: 'Grace Hopper', workExperience: 'Programmer' } },
    ]);
  });

  it('refuses a quote that is never closed rather than guessing', () => {
    expectRefused(() => parseCandidateSheet(strToU8('Name,Email\n"Ada Lovelace,ada@example.com\n')), 'corrupt_file', 422);
  });

  it('refuses one row more than the cap', () => {
    expectRefused(() => parseCandidateSheet(buildCsv(candidateRows(IMPORT_LIMITS.maxRows + 1))), 'too_many_rows', 413);
  });
});

describe('refusing hostile and broken files whole', () => {
  it('refuses a zip bomb from its declared sizes, before inflating it', () => {
    const bomb = buildZipBombXlsx(64);
    expect(bomb.length).toBeLessThan(IMPORT_LIMITS.maxFileBytes);
    expect(sniffFileType(bomb)).toBe('xlsx');
    const err = expectRefused(() => parseCandidateSheet(bomb, 'xlsx'), 'zip_bomb', 413);
    expect(err.message).toContain('64 MB');
  });

  it('decides from the directory alone: a sheet claiming 1 GB is a bomb, not a damaged file', () => {
    // Inflating this sheet would end far short of 1 GB and be reported as corrupt_file instead.
    const claimsOneGigabyte = withDeclaredSize(buildXlsx(MIXED_ROWS), 'xl/worksheets/sheet1.xml', 1024 ** 3);
    expectRefused(() => parseCandidateSheet(claimsOneGigabyte, 'xlsx'), 'zip_bomb', 413);
  });

  it('refuses an entry that would grow like a bomb even under the total cap', () => {
    expectRefused(() => parseCandidateSheet(buildZipBombXlsx(20), 'xlsx'), 'zip_bomb', 413);
  });

  it('stops inflating an entry that grows past the size it declared', () => {
    expectRefused(() => parseCandidateSheet(buildLyingZipBombXlsx(), 'xlsx'), 'zip_bomb', 413);
  });

  it('refuses a PDF renamed to .xlsx or .csv: the bytes decide', async () => {
    const pdf = await buildResumePdf(ADA_RESUME);
    for (const kind of ['xlsx', 'csv', undefined] as const) {
      const err = expectRefused(() => parseCandidateSheet(pdf, kind), 'unsupported_type', 415);
      expect(err.message).toContain('PDF');
    }
  });

  it('refuses an empty file, and one with nothing but blank lines', () => {
    expectRefused(() => parseCandidateSheet(new Uint8Array(0), 'xlsx'), 'empty_file', 400);
    expectRefused(() => parseCandidateSheet(strToU8('\n , ,\n\n')), 'empty_file', 400);
  });

  it('refuses a file over the size cap before reading it', () => {
    const big = new Uint8Array(IMPORT_LIMITS.maxFileBytes + 1).fill(0x41);
    expectRefused(() => parseCandidateSheet(big), 'too_large', 413);
  });

  it('refuses a truncated workbook as damaged', () => {
    const xlsx = buildXlsx(MIXED_ROWS);
    expectRefused(() => parseCandidateSheet(xlsx.subarray(0, xlsx.length - 30), 'xlsx'), 'corrupt_file', 422);
  });

  it('refuses a workbook whose sheet is not XML', () => {
    const files = Object.fromEntries(Object.entries(workbookParts()).map(([name, xml]) => [name, strToU8(xml)]));
    files['xl/worksheets/sheet1.xml'] = strToU8('<worksheet><sheetData><row><c><v>1</v></row></sheetData>');
    expectRefused(() => parseCandidateSheet(zipSync(files), 'xlsx'), 'corrupt_file', 422);
  });

  it('refuses a sheet without a name column, naming the headers it found', () => {
    const err = expectRefused(
      () =>
        parseCandidateSheet(
          buildCsv([
            ['Email', 'Phone'],
            ['a@example.com', ''],
          ]),
        ),
      'missing_name_column',
      422,
    );
    expect(err.message).toContain('"Email", "Phone"');
  });

  it('refuses a header with no rows under it', () => {
    expectRefused(() => parseCandidateSheet(buildXlsx([['Name', 'Email']])), 'no_candidates', 422);
  });

  it('refuses a CSV that is not UTF-8', () => {
    const latin1 = Uint8Array.from([...strToU8('Name\nJos'), 0xe9, 0x0a]);
    expectRefused(() => parseCandidateSheet(latin1), 'unsupported_type', 415);
  });
});
