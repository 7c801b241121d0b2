/** Limits on untrusted uploads. Each bounds the memory or CPU one request can make us spend. */
export const IMPORT_LIMITS = {
  /** An uploaded spreadsheet or resume, as sent. */
  maxFileBytes: 5 * 1024 * 1024,
  /** Candidate rows in one spreadsheet (blank rows not counted). */
  maxRows: 5_000,
  /** Declared uncompressed size of all entries of an .xlsx, summed before inflating any. */
  maxUnzippedBytes: 50 * 1024 * 1024,
  /**
   * Uncompressed/compressed size that marks a zip bomb. Spreadsheet XML compresses 5-30x, and a
   * sheet of repeated empty styled cells reaches about 100x; bombs are hundreds or thousands.
   */
  maxCompressionRatio: 200,
  /** Entries below this size are exempt from the ratio check: tiny files compress oddly. */
  ratioExemptBytes: 1024 * 1024,
  /** Entries in one .xlsx: real workbooks have tens. */
  maxZipEntries: 2_000,
  /** Pages of one resume PDF. */
  maxPdfPages: 10,
} as const;

/** Each resume parsed costs this many of the organization's AI tokens. */
export const RESUME_TOKEN_COST = 5;
