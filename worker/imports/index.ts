/**
 * Untrusted-file handling for adding candidates. Routes call these and let ImportError through:
 * it is an HttpError, so it answers its own 4xx in the one error shape.
 */

export { aiExtractor, chooseExtractor, RESUME_MODEL } from './ai-extractor';
export { type CandidateSheet, parseCandidateSheet } from './candidate-sheet';
export { ImportError, type ImportErrorCode } from './errors';
export { IMPORT_LIMITS, RESUME_TOKEN_COST } from './limits';
export { extractPdfText } from './pdf';
export { ruleBasedExtractor } from './resume';
export { requireFileType, sniffFileType } from './sniff';
export { buildCandidateTemplate, TEMPLATE_FILE_NAME, XLSX_CONTENT_TYPE } from './template';
