/**
 * Reads the cell text of the first visible worksheet of an .xlsx. The archive's declared sizes
 * are checked before anything is inflated, and the XML is parsed as a stream (saxen), so a big
 * sheet never exists as a tree in memory and reading stops as soon as the row cap is passed.
 */
import { decode, Parser } from 'saxen';
import { ImportError } from './errors';
import { type SheetRow, tooManyRows } from './sheet-rows';
import { checkZipBudget, inflateEntry, readZipDirectory, type ZipEntry } from './zip';

/** Columns past this are ignored: the candidate columns are the first handful. */
const MAX_COLUMNS = 64;
/** Shared strings kept in memory, in UTF-16 code units: far above 5,000 full candidate rows. */
const MAX_SHARED_TEXT = 16 * 1024 * 1024;

type OnElement = {
  open?: (name: string, attrs: () => Record<string, string>, selfClosing: boolean) => void;
  close?: (name: string) => void;
  text?: (text: string) => void;
};

/**
 * The non-blank rows of the first visible sheet, each with its row number as Excel shows it.
 * Throws too_many_rows once more than `maxRows` non-blank rows were seen.
 */
export function readXlsxRows(bytes: Uint8Array, maxRows: number): SheetRow[] {
  const entries = readZipDirectory(bytes);
  checkZipBudget(entries);
  const byName = new Map(entries.map((entry) => [entry.name, entry]));
  const entry = (name: string) => byName.get(name);

  const sheetIds = readWorkbookSheets(bytes, required(entry('xl/workbook.xml'), 'xl/workbook.xml'));
  const rels = entry('xl/_rels/workbook.xml.rels');
  const relations = rels ? readRelations(bytes, rels) : [];
  // Without relationships, fall back to where Excel and LibreOffice put the parts.
  const sheetTarget = relations.find((rel) => rel.id === sheetIds[0])?.target ?? 'xl/worksheets/sheet1.xml';
  const sharedTarget = relations.find((rel) => rel.type.endsWith('/sharedStrings'))?.target ?? 'xl/sharedStrings.xml';

  const sharedStrings = entry(sharedTarget);
  const shared = sharedStrings ? readSharedStrings(bytes, sharedStrings) : [];
  return readSheet(bytes, required(entry(sheetTarget), sheetTarget), shared, maxRows);
}

/** The relationship ids of the workbook's sheets, visible ones first, in workbook order. */
function readWorkbookSheets(bytes: Uint8Array, workbook: ZipEntry): string[] {
  const visible: string[] = [];
  const hidden: string[] = [];
  streamXml(bytes, workbook, {
    open(name, attrs) {
      if (name !== 'sheet') return;
      const all = attrs();
      const id = Object.entries(all).find(([key]) => /(^|:)id$/.test(key))?.[1];
      if (id) (all.state && all.state !== 'visible' ? hidden : visible).push(id);
    },
  });
  const ids = [...visible, ...hidden];
  if (ids.length === 0) throw corrupt('the workbook lists no sheets');
  return ids;
}

interface Relation {
  id: string;
  type: string;
  target: string;
}

function readRelations(bytes: Uint8Array, rels: ZipEntry): Relation[] {
  const relations: Relation[] = [];
  streamXml(bytes, rels, {
    open(name, attrs) {
      if (name !== 'Relationship') return;
      const { Id, Type, Target } = attrs();
      if (Id && Target) relations.push({ id: Id, type: Type ?? '', target: resolveTarget(decode(Target)) });
    },
  });
  return relations;
}

/** Targets are relative to xl/ unless absolute within the package. */
function resolveTarget(target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = ['xl'];
  for (const part of target.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.' && part !== '') parts.push(part);
  }
  return parts.join('/');
}

function readSharedStrings(bytes: Uint8Array, entry: ZipEntry): string[] {
  const strings: string[] = [];
  let current: string[] | null = null;
  let inText = false;
  // Phonetic runs (<rPh>) repeat the reading of East Asian text and are not part of the value.
  let inPhonetic = false;
  let total = 0;
  streamXml(bytes, entry, {
    open(name, _attrs, selfClosing) {
      if (name === 'si') current = [];
      else if (name === 'rPh') inPhonetic = !selfClosing;
      else if (name === 't' && !selfClosing) inText = true;
    },
    close(name) {
      if (name === 'si' && current) {
        strings.push(current.join(''));
        current = null;
      } else if (name === 'rPh') inPhonetic = false;
      else if (name === 't') inText = false;
    },
    text(text) {
      if (!current || !inText || inPhonetic) return;
      total += text.length;
      if (total > MAX_SHARED_TEXT) throw new ImportError('too_large', 'The spreadsheet holds more text than one import accepts.');
      current.push(text);
    },
  });
  return strings;
}

function readSheet(bytes: Uint8Array, sheet: ZipEntry, shared: readonly string[], maxRows: number): SheetRow[] {
  const rows: SheetRow[] = [];
  let rowNumber = 0;
  let cells: string[] = [];
  let nextColumn = 0;
  let cell: { column: number; type: string; parts: string[] } | null = null;
  let capture = false;

  streamXml(bytes, sheet, {
    open(name, attrs, selfClosing) {
      if (name === 'row') {
        const r = Number(attrs().r);
        rowNumber = Number.isInteger(r) && r > rowNumber ? r : rowNumber + 1;
        cells = [];
        nextColumn = 0;
      } else if (name === 'c') {
        const { r, t } = attrs();
        // The reference is optional; without it a cell follows the previous one.
        const column = r ? columnIndex(r) : nextColumn;
        nextColumn = column + 1;
        cell = selfClosing ? null : { column, type: t ?? 'n', parts: [] };
      } else if ((name === 'v' || name === 't') && cell && !selfClosing) {
        capture = true;
      }
    },
    close(name) {
      if (name === 'v' || name === 't') capture = false;
      else if (name === 'c' && cell) {
        if (cell.column < MAX_COLUMNS) cells[cell.column] = cellText(cell.type, cell.parts.join(''), shared);
        cell = null;
      } else if (name === 'row') {
        const values = Array.from(cells, (value) => value ?? '');
        if (values.some((value) => value.trim() !== '')) {
          rows.push({ row: rowNumber, cells: values });
          if (rows.length > maxRows) throw tooManyRows();
        }
      }
    },
    text(text) {
      if (capture && cell) cell.parts.push(text);
    },
  });
  return rows;
}

function cellText(type: string, raw: string, shared: readonly string[]): string {
  switch (type) {
    case 's': {
      const value = shared[Number(raw)];
      if (value === undefined) throw corrupt(`a cell refers to missing shared string ${raw}`);
      return value;
    }
    case 'b':
      return raw === '1' ? 'TRUE' : 'FALSE';
    default:
      // inlineStr, str (formula text), e (#N/A...), n (numbers as written, e.g. phone digits).
      return raw;
  }
}

/** "B12" → 1. */
function columnIndex(ref: string): number {
  let index = 0;
  for (const char of ref.toUpperCase()) {
    const code = char.charCodeAt(0);
    if (code < 65 || code > 90) break;
    index = index * 26 + (code - 64);
  }
  return index - 1;
}

/** Inflates one XML entry piece by piece into a streaming parser; element names lose their prefix. */
function streamXml(bytes: Uint8Array, entry: ZipEntry, on: OnElement): void {
  const parser = new Parser();
  const local = (name: string) => name.slice(name.indexOf(':') + 1);
  parser.on('error', (err) => {
    throw corrupt(`${entry.name} is not valid XML: ${err.message}`);
  });
  if (on.open) {
    const open = on.open;
    parser.on('openTag', (name, attrs, _decode, selfClosing) => open(local(name), attrs, selfClosing));
  }
  if (on.close) {
    const close = on.close;
    parser.on('closeTag', (name) => close(local(name)));
  }
  if (on.text) {
    const text = on.text;
    parser.on('text', (value, decodeEntities) => text(decodeEntities(value)));
    parser.on('cdata', (value) => text(value));
  }
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  try {
    inflateEntry(bytes, entry, (chunk) => parser.write(decoder.decode(chunk, { stream: true })));
    parser.write(decoder.decode());
  } catch (err) {
    // The fatal decoder throws a TypeError on bytes that are not UTF-8.
    if (err instanceof TypeError) throw corrupt(`${entry.name} is not valid UTF-8 text`);
    throw err;
  }
  parser.end();
}

function required(entry: ZipEntry | undefined, name: string): ZipEntry {
  if (!entry) throw corrupt(`${name} is missing`);
  return entry;
}

const corrupt = (detail: string) => new ImportError('corrupt_file', `The spreadsheet is damaged (${detail}).`);
