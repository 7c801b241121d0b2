/** What an upload really is, decided from its bytes: the name and the declared type are ignored. */
import { ImportError } from './errors';
import { IMPORT_LIMITS } from './limits';
import { isZip, readZipDirectory } from './zip';

export type FileKind = 'pdf' | 'xlsx' | 'csv' | 'unknown';

const PDF_MAGIC = [0x25, 0x50, 0x44, 0x46, 0x2d]; // "%PDF-"
/** Readers accept the header anywhere in the first KiB (some generators prepend junk). */
const PDF_HEADER_WINDOW = 1024;

export function sniffFileType(bytes: Uint8Array): FileKind {
  if (bytes.length === 0) return 'unknown';
  if (hasPdfHeader(bytes)) return 'pdf';
  if (isZip(bytes)) return isXlsxArchive(bytes) ? 'xlsx' : 'unknown';
  return isUtf8Text(bytes) ? 'csv' : 'unknown';
}

/**
 * The checks every upload passes before parsing: not empty, not too big, and one of the kinds
 * the caller accepts. Returns the kind found.
 */
export function requireFileType<K extends Exclude<FileKind, 'unknown'>>(bytes: Uint8Array, accepted: readonly K[], maxBytes: number = IMPORT_LIMITS.maxFileBytes): K {
  if (bytes.length === 0) throw new ImportError('empty_file', 'The file is empty.');
  if (bytes.length > maxBytes) {
    throw new ImportError('too_large', `The file is ${mib(bytes.length)} MB; at most ${mib(maxBytes)} MB is accepted.`);
  }
  const kind = sniffFileType(bytes);
  if ((accepted as readonly FileKind[]).includes(kind)) return kind as K;
  // A zip whose directory cannot be read is a damaged workbook more often than anything else.
  if (kind === 'unknown' && isZip(bytes) && accepted.includes('xlsx' as K)) {
    try {
      readZipDirectory(bytes);
    } catch (err) {
      if (err instanceof ImportError) throw err;
    }
  }
  const found = kind === 'unknown' ? 'not a file type we can read' : KIND_NAMES[kind];
  const expected = accepted.map((k) => KIND_NAMES[k]);
  const list = expected.length > 1 ? `${expected.slice(0, -1).join(', ')} or ${expected.at(-1)}` : expected[0];
  throw new ImportError('unsupported_type', `This file is ${found}; expected ${list}.`);
}

function hasPdfHeader(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length, PDF_HEADER_WINDOW) - PDF_MAGIC.length;
  for (let at = 0; at <= end; at++) {
    if (PDF_MAGIC.every((byte, i) => bytes[at + i] === byte)) return true;
  }
  return false;
}

function isXlsxArchive(bytes: Uint8Array): boolean {
  try {
    const names = new Set(readZipDirectory(bytes).map((entry) => entry.name));
    return names.has('[Content_Types].xml') && names.has('xl/workbook.xml');
  } catch {
    return false;
  }
}

function isUtf8Text(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

const KIND_NAMES: Record<Exclude<FileKind, 'unknown'>, string> = {
  pdf: 'a PDF',
  xlsx: 'an Excel .xlsx workbook',
  csv: 'a CSV text file',
};

const mib = (bytes: number) => (bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '');
