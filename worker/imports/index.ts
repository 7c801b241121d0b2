/**
 * Untrusted-file handling for adding candidates. Routes call these and let ImportError through:
 * it is an HttpError, so it answers its own 4xx in the one error shape.
 */
export { ImportError, type ImportErrorCode } from './errors';
export { IMPORT_LIMITS, RESUME_TOKEN_COST } from './limits';
export { sniffFileType, requireFileType, type FileKind } from './sniff';
export { parseCandidateSheet, type CandidateSheet, type CandidateRow, type RowError, type SheetKind } from './candidate-sheet';
export { buildCandidateTemplate, TEMPLATE_FILE_NAME, XLSX_CONTENT_TYPE } from './template';
export { extractPdfText, type PdfText } from './pdf';
export { ruleBasedExtractor, type ResumeExtractor, type CandidateFields } from './resume';
export { aiExtractor, chooseExtractor, RESUME_MODEL, type MaybeAiEnv } from './ai-extractor';
