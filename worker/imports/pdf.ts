/**
 * Text of an uploaded resume PDF, read with Mozilla's PDF.js (pdfjs-dist). The official build is
 * used rather than a repackaged one so security fixes arrive with a plain version bump; the
 * modern build, because the legacy one carries Node polyfills that Workers neither have nor need.
 */
import { loadPdfJs } from '../load-pdfjs';
import { ImportError } from './errors';
import { IMPORT_LIMITS } from './limits';
import { requireFileType } from './sniff';

export interface PdfText {
  text: string;
  pages: number;
}

export async function extractPdfText(bytes: Uint8Array, { maxPages = IMPORT_LIMITS.maxPdfPages }: { maxPages?: number } = {}): Promise<PdfText> {
  requireFileType(bytes, ['pdf']);
  const { getDocument } = await loadPdfJs();
  const task = getDocument({
    // A copy: PDF.js may take ownership of the buffer it is given, and the caller keeps theirs.
    data: bytes.slice(),
    verbosity: 0,
    stopAtErrors: true,
    // Nothing is drawn: no fonts to load, no forms to run, nothing fetched from anywhere.
    disableFontFace: true,
    enableXfa: false,
    useSystemFonts: false,
    useWorkerFetch: false,
    useWasm: false,
  });
  try {
    const pdf = await task.promise.catch((err: unknown) => {
      throw refusal(err);
    });
    if (pdf.numPages > maxPages) {
      throw new ImportError('too_many_pages', `The PDF has ${pdf.numPages} pages; a resume may have at most ${maxPages}.`);
    }
    const pages: string[] = [];
    for (let number = 1; number <= pdf.numPages; number++) {
      const content = await (await pdf.getPage(number)).getTextContent();
      pages.push(content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join(''));
    }
    return { text: tidy(pages.join('\n')), pages: pdf.numPages };
  } catch (err) {
    throw err instanceof ImportError ? err : refusal(err);
  } finally {
    await task.destroy();
  }
}

/** Collapses runs of spaces but keeps the line structure the extractors read. */
function tidy(text: string): string {
  return text
    .replace(/[^\S\n]+/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function refusal(err: unknown): ImportError {
  if (err instanceof Error && err.name === 'PasswordException') {
    return new ImportError('encrypted_file', 'The PDF is password-protected. Upload a copy without a password.');
  }
  return new ImportError('corrupt_file', 'The PDF is damaged or not a PDF we can read.');
}
