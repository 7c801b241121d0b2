/** The "Import by Excel" template: the header row the importer reads best, and one example. */
import writeXlsxFile, { type Row } from 'write-excel-file/universal';
import { CANDIDATE_FIELDS } from '../schemas/candidates';
import { FIELD_LABELS } from './candidate-sheet';

export const TEMPLATE_FILE_NAME = 'holdfast-candidates-template.xlsx';
export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const TEMPLATE_EXAMPLE = {
  name: 'Ada Lovelace',
  email: 'ada.lovelace@example.com',
  phone: '+44 20 7946 0958',
  school: 'University of London',
  workExperience: '3 years as a data analyst at Analytical Engines Ltd',
} as const;

const COLUMN_WIDTHS = [24, 30, 20, 30, 50];

export async function buildCandidateTemplate(): Promise<Uint8Array> {
  const header: Row = CANDIDATE_FIELDS.map((field) => ({
    value: field === 'name' ? `${FIELD_LABELS[field]} (required)` : FIELD_LABELS[field],
    fontWeight: 'bold' as const,
  }));
  // '@' is Excel's text format: a phone typed as 0123 keeps its leading zero.
  const example: Row = CANDIDATE_FIELDS.map((field) => ({ value: TEMPLATE_EXAMPLE[field], type: String, format: '@' }));
  const blob = await writeXlsxFile([header, example], {
    sheet: 'Candidates',
    columns: COLUMN_WIDTHS.map((width) => ({ width })),
    stickyRowsCount: 1,
  }).toBlob();
  return new Uint8Array(await blob.arrayBuffer());
}
