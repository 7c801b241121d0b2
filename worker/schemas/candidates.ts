/**
 * A candidate as a recruiter enters, imports or extracts them. Shared with the app, whose
 * "Create individually" form validates with the same rules the import applies to each row.
 */
import { z } from 'zod';

export const CANDIDATE_LIMITS = {
  name: 200,
  email: 254,
  school: 200,
  workExperience: 4000,
} as const;

/** Blank cells and blank form fields mean "not given", never an empty value. */
const blankToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

const optionalText = (max: number) => z.preprocess(blankToUndefined, z.string().trim().max(max, `must be at most ${max} characters`).optional());

export const candidateEmailSchema = z
  .string()
  .trim()
  .max(CANDIDATE_LIMITS.email, `must be at most ${CANDIDATE_LIMITS.email} characters`)
  .pipe(z.email('is not a valid email address'))
  // Links are tied to an email and re-imports match on it, so one spelling per address.
  .transform((email) => email.toLowerCase());

/** Digits with the separators people type: "+1 (555) 010-2030", "020 7946 0958 ext. 12". */
const candidatePhoneSchema = z
  .string()
  .trim()
  .max(40, 'must be at most 40 characters')
  // Abort here: "must have 6 to 15 digits" adds nothing to "is not a valid phone number".
  .regex(/^\+?[0-9()\-.\s/]+((ext\.?|x)\s*[0-9]{1,6})?$/i, { error: 'is not a valid phone number', abort: true })
  .refine((phone) => {
    const digits = phone.replace(/(ext\.?|x)\s*[0-9]+$/i, '').replace(/\D/g, '').length;
    return digits >= 6 && digits <= 15;
  }, 'must have 6 to 15 digits');

export const candidateInputSchema = z.object({
  name: z.preprocess(blankToUndefined, z.string({ error: 'is required' }).trim().max(CANDIDATE_LIMITS.name, `must be at most ${CANDIDATE_LIMITS.name} characters`)),
  email: z.preprocess(blankToUndefined, candidateEmailSchema.optional()),
  phone: z.preprocess(blankToUndefined, candidatePhoneSchema.optional()),
  school: optionalText(CANDIDATE_LIMITS.school),
  workExperience: optionalText(CANDIDATE_LIMITS.workExperience),
});
export type CandidateInput = z.infer<typeof candidateInputSchema>;

/** The candidate fields, in the order the template and the forms show them. */
export const CANDIDATE_FIELDS = ['name', 'email', 'phone', 'school', 'workExperience'] as const;
export type CandidateField = (typeof CANDIDATE_FIELDS)[number];

/** What a resume extractor found: any field may be missing, the recruiter reviews the rest. */
export const candidateFieldsSchema = candidateInputSchema.partial();
export type CandidateFields = z.infer<typeof candidateFieldsSchema>;
