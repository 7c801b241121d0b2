/**
 * Just enough of the zip format to read an .xlsx safely: the central directory (names and
 * declared sizes, read without inflating anything) and a bounded inflate of chosen entries.
 * fflate does the inflating; the directory is read here so every size is checked before a single
 * byte is decompressed, and so inflating stops the moment an entry outgrows what it declared.
 */
import { Inflate } from 'fflate';
import { ImportError } from './errors';
import { IMPORT_LIMITS } from './limits';

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated; nothing else appears in spreadsheets. */
  method: number;
  compressedSize: number;
  /** What the archive claims; inflating enforces it. */
  uncompressedSize: number;
  localHeaderOffset: number;
  encrypted: boolean;
}

const EOCD_SIGNATURE = 0x06054b50;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const ZIP64_EOCD_SIGNATURE = 0x06064b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const EOCD_SIZE = 22;
const MAX_COMMENT = 0xffff;

const corrupt = (detail: string) => new ImportError('corrupt_file', `The spreadsheet is damaged (${detail}).`);

export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && view(bytes).getUint32(0, true) === LOCAL_SIGNATURE;
}

/** Lists the entries from the central directory. Throws corrupt_file on any inconsistency. */
export function readZipDirectory(bytes: Uint8Array): ZipEntry[] {
  const data = view(bytes);
  const eocd = findEndOfCentralDirectory(data);
  let count = data.getUint16(eocd + 10, true);
  let size = data.getUint32(eocd + 12, true);
  let offset = data.getUint32(eocd + 16, true);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
    ({ count, size, offset } = readZip64End(data, eocd));
  }
  if (count > IMPORT_LIMITS.maxZipEntries) throw corrupt(`${count} entries`);
  if (offset + size > eocd) throw corrupt('central directory out of bounds');

  const entries: ZipEntry[] = [];
  let at = offset;
  for (let i = 0; i < count; i++) {
    need(data, at, 46);
    if (data.getUint32(at, true) !== CENTRAL_SIGNATURE) throw corrupt('bad central directory entry');
    const flags = data.getUint16(at + 8, true);
    const nameLength = data.getUint16(at + 28, true);
    const extraLength = data.getUint16(at + 30, true);
    const commentLength = data.getUint16(at + 32, true);
    need(data, at + 46, nameLength + extraLength);
    // Names that are not UTF-8 (old CP437 archives) only matter for entries we never open.
    const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength));
    const sizes = {
      compressedSize: data.getUint32(at + 20, true),
      uncompressedSize: data.getUint32(at + 24, true),
      localHeaderOffset: data.getUint32(at + 42, true),
    };
    applyZip64Extra(data, at + 46 + nameLength, extraLength, sizes);
    entries.push({ name, method: data.getUint16(at + 10, true), encrypted: (flags & 1) !== 0, ...sizes });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/**
 * Refuses an archive whose declared sizes mark it as a bomb: too much in total, or an entry that
 * claims to grow far more than XML does. Reads nothing but the directory.
 */
export function checkZipBudget(entries: readonly ZipEntry[]): void {
  const total = entries.reduce((sum, entry) => sum + entry.uncompressedSize, 0);
  if (total > IMPORT_LIMITS.maxUnzippedBytes) {
    throw new ImportError('zip_bomb', `The spreadsheet would unpack to ${mb(total)} MB; at most ${mb(IMPORT_LIMITS.maxUnzippedBytes)} MB is accepted.`);
  }
  for (const entry of entries) {
    const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
    if (entry.uncompressedSize > IMPORT_LIMITS.ratioExemptBytes && ratio > IMPORT_LIMITS.maxCompressionRatio) {
      throw new ImportError('zip_bomb', `The spreadsheet looks like a zip bomb: "${entry.name}" would grow ${Math.round(ratio)} times when unpacked.`);
    }
  }
}

/**
 * Inflates one entry in small steps, handing each piece to `onChunk`. Stops with zip_bomb as soon
 * as the output passes the declared size (a lying header), and with corrupt_file if it falls short.
 */
export function inflateEntry(bytes: Uint8Array, entry: ZipEntry, onChunk: (chunk: Uint8Array) => void): void {
  if (entry.encrypted) throw new ImportError('encrypted_file', 'The spreadsheet is password-protected. Save it without a password and upload it again.');
  const data = view(bytes);
  const at = entry.localHeaderOffset;
  need(data, at, 30);
  if (data.getUint32(at, true) !== LOCAL_SIGNATURE) throw corrupt(`bad local header for ${entry.name}`);
  const start = at + 30 + data.getUint16(at + 26, true) + data.getUint16(at + 28, true);
  need(data, start, entry.compressedSize);
  const compressed = bytes.subarray(start, start + entry.compressedSize);

  if (entry.method === 0) {
    if (entry.compressedSize !== entry.uncompressedSize) throw corrupt(`${entry.name} has inconsistent sizes`);
    onChunk(compressed);
    return;
  }
  if (entry.method !== 8) throw corrupt(`${entry.name} uses compression method ${entry.method}`);

  let produced = 0;
  const inflater = new Inflate((chunk) => {
    produced += chunk.length;
    if (produced > entry.uncompressedSize) {
      throw new ImportError('zip_bomb', `The spreadsheet looks like a zip bomb: "${entry.name}" unpacks to more than it declares.`);
    }
    onChunk(chunk);
  });
  // 16 KiB of deflate can expand to at most ~16 MiB, so one step never allocates much.
  const step = 16 * 1024;
  try {
    for (let offset = 0; offset < compressed.length; offset += step) {
      inflater.push(compressed.subarray(offset, offset + step), offset + step >= compressed.length);
    }
    if (compressed.length === 0) inflater.push(new Uint8Array(0), true);
  } catch (err) {
    if (err instanceof ImportError) throw err;
    throw corrupt(`${entry.name} cannot be unpacked`);
  }
  if (produced !== entry.uncompressedSize) throw corrupt(`${entry.name} is shorter than it declares`);
}

function findEndOfCentralDirectory(data: DataView): number {
  const lowest = Math.max(0, data.byteLength - EOCD_SIZE - MAX_COMMENT);
  for (let at = data.byteLength - EOCD_SIZE; at >= lowest; at--) {
    if (data.getUint32(at, true) === EOCD_SIGNATURE) return at;
  }
  throw corrupt('no central directory');
}

function readZip64End(data: DataView, eocd: number): { count: number; size: number; offset: number } {
  const locator = eocd - 20;
  if (locator < 0 || data.getUint32(locator, true) !== ZIP64_LOCATOR_SIGNATURE) throw corrupt('missing zip64 locator');
  const record = safeNumber(data.getBigUint64(locator + 8, true));
  need(data, record, 56);
  if (data.getUint32(record, true) !== ZIP64_EOCD_SIGNATURE) throw corrupt('bad zip64 record');
  return {
    count: safeNumber(data.getBigUint64(record + 32, true)),
    size: safeNumber(data.getBigUint64(record + 40, true)),
    offset: safeNumber(data.getBigUint64(record + 48, true)),
  };
}

/** Zip64 keeps the real sizes in extra field 0x0001, in this order, for each field set to 0xffffffff. */
function applyZip64Extra(data: DataView, start: number, length: number, sizes: { compressedSize: number; uncompressedSize: number; localHeaderOffset: number }): void {
  for (let at = start; at + 4 <= start + length; ) {
    const id = data.getUint16(at, true);
    const size = data.getUint16(at + 2, true);
    if (id === 0x0001) {
      let field = at + 4;
      const next = () => {
        if (field + 8 > at + 4 + size) throw corrupt('short zip64 field');
        const value = safeNumber(data.getBigUint64(field, true));
        field += 8;
        return value;
      };
      if (sizes.uncompressedSize === 0xffffffff) sizes.uncompressedSize = next();
      if (sizes.compressedSize === 0xffffffff) sizes.compressedSize = next();
      if (sizes.localHeaderOffset === 0xffffffff) sizes.localHeaderOffset = next();
      return;
    }
    at += 4 + size;
  }
}

function need(data: DataView, at: number, length: number): void {
  if (at < 0 || length < 0 || at + length > data.byteLength) throw corrupt('truncated');
}

function safeNumber(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw corrupt('size out of range');
  return Number(value);
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

const mb = (bytes: number) => Math.round(bytes / (1024 * 1024));
