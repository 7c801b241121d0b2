/**
 * "Import by resumes": one interface for turning a resume's text into candidate fields, and the
 * rule-based extractor that always works, offline, with no model. The AI one is in ai-extractor.ts.
 */
import { CANDIDATE_FIELDS, CANDIDATE_LIMITS, type CandidateFields, candidateFieldsSchema } from '../schemas/candidates';

export type { CandidateFields };

export interface ResumeExtractor {
  /** Shown to the recruiter next to the extracted fields ("rules", "workers-ai"). */
  readonly name: string;
  extract(text: string): Promise<CandidateFields>;
}

/** Keeps each field that passes the candidate schema and drops the others, so review starts clean. */
export function keepValidFields(raw: Partial<Record<keyof CandidateFields, unknown>>): CandidateFields {
  const fields: CandidateFields = {};
  for (const field of CANDIDATE_FIELDS) {
    const parsed = candidateFieldsSchema.shape[field].safeParse(raw[field]);
    if (parsed.success && parsed.data !== undefined) fields[field] = parsed.data;
  }
  return fields;
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/;
const PHONE = /\+?\(?\d[\d\s().-]{5,}\d(?:\s*(?:ext\.?|x)\s*\d{1,6})?/gi;
const PHONE_LABEL = /\b(phone|tel|telephone|mobile|cell)\b/i;
const DATE_RANGE = /^\(?\d{4}\)?\s*[-–—]\s*\(?\d{4}\)?$/;
const SCHOOL = /\b(university|college|school|institute|academy|polytechnic|universit[eéà]|hochschule)\b/i;
const CAPITALISED = "[\\p{Lu}][\\p{L}'’.&-]*";
const LINK_WORD = '(?:of|and|for|the|de|del|la|le|di|für|&)';
const SCHOOL_WORD = '(?:University|College|School|Institute|Academy|Polytechnic|Université|Universität|Universidad|Hochschule)';
const SCHOOL_NAME = new RegExp(`(?:${CAPITALISED}\\s+(?:${LINK_WORD}\\s+)*)*${SCHOOL_WORD}(?:\\s+(?:${LINK_WORD}\\s+)*${CAPITALISED})*`, 'u');
const YEARS_OF_EXPERIENCE = /\b\d{1,2}\+?\s*(?:years?|yrs?)\b[^.\n]{0,40}\bexperience\b/i;

const EXPERIENCE_HEADINGS = new Set([
  'experience',
  'work experience',
  'professional experience',
  'employment',
  'employment history',
  'work history',
  'career history',
  'relevant experience',
]);
const SECTION_HEADINGS = new Set([
  ...EXPERIENCE_HEADINGS,
  'education',
  'skills',
  'technical skills',
  'projects',
  'certifications',
  'languages',
  'interests',
  'hobbies',
  'references',
  'awards',
  'publications',
  'summary',
  'profile',
  'objective',
  'contact',
  'about me',
  'volunteering',
  'courses',
  'training',
  'achievements',
]);
const NOT_A_NAME = /\b(resume|résumé|curriculum|vitae|cv|profile|contact|address|linkedin|github|http|www)\b/i;

export const ruleBasedExtractor: ResumeExtractor = {
  name: 'rules',
  async extract(text) {
    const lines = text
      .split(/\r?\n/)
      .map((line) => line.replace(/\s+/g, ' ').trim())
      .filter(Boolean);
    return keepValidFields({
      name: findName(lines),
      email: text.match(EMAIL)?.[0],
      phone: findPhone(lines),
      school: findSchool(lines),
      workExperience: findExperience(lines),
    });
  },
};

function headingOf(line: string): string | undefined {
  const key = line
    .replace(/[:：]$/, '')
    .trim()
    .toLowerCase();
  return SECTION_HEADINGS.has(key) ? key : undefined;
}

function findName(lines: readonly string[]): string | undefined {
  const labelled = lines.map((line) => line.match(/^(?:full\s+)?name\s*[:：]\s*(.+)$/i)?.[1]).find(Boolean);
  if (labelled) return labelled.trim();
  // A name leads a resume: the first short line of words only, before any section starts.
  for (const line of lines.slice(0, 8)) {
    if (headingOf(line)) break;
    if (EMAIL.test(line) || /\d/.test(line) || NOT_A_NAME.test(line)) continue;
    const words = line.split(' ');
    if (words.length >= 2 && words.length <= 5 && line.length <= 60 && words.every((word) => /^[\p{Lu}][\p{L}'’.-]*$/u.test(word))) {
      return line;
    }
  }
  return undefined;
}

function findPhone(lines: readonly string[]): string | undefined {
  const candidates = (line: string) =>
    [...line.matchAll(PHONE)]
      .map((match) => match[0].trim())
      .filter((phone) => !DATE_RANGE.test(phone))
      .filter((phone) => {
        const digits = phone.replace(/(ext\.?|x)\s*\d+$/i, '').replace(/\D/g, '').length;
        return digits >= 7 && digits <= 15;
      });
  // A labelled number beats the first number-looking run (which may be a postcode or a date).
  const labelled = lines.filter((line) => PHONE_LABEL.test(line)).flatMap(candidates)[0];
  return labelled ?? lines.flatMap(candidates)[0];
}

function findSchool(lines: readonly string[]): string | undefined {
  const start = lines.findIndex((line) => headingOf(line) === 'education');
  const education = start >= 0 ? sectionAfter(lines, start) : [];
  const line = education.find((l) => SCHOOL.test(l)) ?? lines.find((l) => SCHOOL.test(l));
  if (!line) return undefined;
  // "BSc Computer Science, University of Bristol, 2015–2019" → the part naming the school, and
  // within it the capitalised name around the keyword ("Helsinki Institute of Technology graduate").
  const part = line.split(/\s*(?:[,|•·]|\s[-–—]\s)\s*/).find((piece) => SCHOOL.test(piece)) ?? line;
  const named = part.slice(0, 300).match(SCHOOL_NAME)?.[0];
  return (named ?? part.replace(/^[-•*·]\s*/, '')).slice(0, CANDIDATE_LIMITS.school).trim();
}

function findExperience(lines: readonly string[]): string | undefined {
  const start = lines.findIndex((line) => EXPERIENCE_HEADINGS.has(headingOf(line) ?? ''));
  if (start >= 0) {
    const section = sectionAfter(lines, start).join('\n');
    if (section) return section.slice(0, CANDIDATE_LIMITS.workExperience).trim();
  }
  return lines.find((line) => YEARS_OF_EXPERIENCE.test(line));
}

function sectionAfter(lines: readonly string[], headingIndex: number): string[] {
  const section: string[] = [];
  for (const line of lines.slice(headingIndex + 1)) {
    if (headingOf(line)) break;
    section.push(line);
  }
  return section;
}
