/** Text of an uploaded resume PDF, read with unpdf (PDF.js built for serverless runtimes). */
import { extractText, getDocumentProxy } from 'unpdf';
import { ImportError } from './errors';
import { IMPORT_LIMITS } from './limits';
import { requireFileType } from './sniff';

export interface PdfText {
  text: string;
  pages: number;
}

export async function extractPdfText(
  bytes: Uint8Array,
  { maxPages = IMPORT_LIMITS.maxPdfPages }: { maxPages?: number } = {},
): Promise<PdfText> {
  requireFileType(bytes, ['pdf']);
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    // A copy: PDF.js may take ownership of the buffer it is given, and the caller keeps theirs.
    pdf = await getDocumentProxy(bytes.slice(), {
      verbosity: 0,
      stopAtErrors: true,
    });
  } catch (err) {
    throw refusal(err);
  }
  try {
    if (pdf.numPages > maxPages) {
      throw new ImportError('too_many_pages', `The PDF has ${pdf.numPages} pages; a resume may have at most ${maxPages}.`);
    }
    const { text } = await extractText(pdf, { mergePages: true });
    return { text: text.trim(), pages: pdf.numPages };
  } catch (err) {
    throw err instanceof ImportError ? err : refusal(err);
  } finally {
    await pdf.loadingTask.destroy();
  }
}

function refusal(err: unknown): ImportError {
  if (err instanceof Error && err.name === 'PasswordException') {
    return new ImportError('encrypted_file', 'The PDF is password-protected. Upload a copy without a password.');
  }
  return new ImportError('corrupt_file', 'The PDF is damaged or not a PDF we can read.');
}
