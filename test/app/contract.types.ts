/**
 * Type-level test of the app's one contract with the API, checked by `tsc -b` (tsconfig.app.json
 * includes test/app/**): nothing here runs. It proves that what the app reads comes from the
 * Worker's routes and worker/schemas, not from types the app declares itself, so renaming a field
 * in a schema fails the app's build. Each `@ts-expect-error` is an error today; should the line
 * ever compile, tsc reports the unused directive and the build fails.
 */
import type { InferResponseType } from 'hono/client';
import type { loadMe } from '../../app/src/dashboard/data';
import type { interviews } from '../../app/src/dashboard/interviews';
import type { ApiClient, ErrorBody } from '../../app/src/lib/api';
import type { getLink, getSession } from '../../app/src/lib/candidateApi';
import type { SignedIn } from '../../worker/schemas/auth';
import type { CandidateQuestion, CandidateSession, LinkInfo } from '../../worker/schemas/candidate';
import type { Interview } from '../../worker/schemas/interviews';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** For answers built of intersections, which Equal tells apart from the same type spelled flat. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const expect = <T extends true>(): T => true as T;

// ---- Answers the app reads are the schemas' types ----

expect<Same<Awaited<ReturnType<typeof getLink>>, LinkInfo>>();
expect<Same<Awaited<ReturnType<typeof getSession>>, CandidateSession>>();
expect<Equal<Awaited<ReturnType<typeof interviews.get>>, { interview: Interview }>>();
expect<Equal<NonNullable<Awaited<ReturnType<typeof loadMe>>>, SignedIn>>();

// ---- Every 4xx/5xx answer carries the one error body (ApplyGlobalResponse) ----

type GetInterview = ApiClient['api']['interviews'][':interviewId']['$get'];
expect<Equal<InferResponseType<GetInterview, 404>, ErrorBody>>();
expect<Equal<InferResponseType<GetInterview, 409>, ErrorBody>>();
expect<Equal<InferResponseType<GetInterview, 500>, ErrorBody>>();
expect<Equal<InferResponseType<ApiClient['api']['candidate']['answers']['$post'], 400>, ErrorBody>>();

// ---- A renamed field fails the app ----

/** The link answer as it would be had `questionCount` been renamed in worker/schemas/candidate.ts. */
type RenamedLinkInfo = Omit<LinkInfo, 'interview'> & { interview: Omit<LinkInfo['interview'], 'questionCount'> & { questionTotal: number } };
declare const renamedLink: RenamedLinkInfo;
// @ts-expect-error the app reads `interview.questionCount`, the schema's name
export const linkAsTheAppReadsIt: Awaited<ReturnType<typeof getLink>> = renamedLink;

declare const session: CandidateSession;
const question = session.questions[0]!;
if (question.type === 'choice') {
  // The schema's own field: the candidate app reads `mode`, there is no app-invented `multiple`.
  expect<Equal<typeof question.mode, 'single' | 'multiple'>>();
  // @ts-expect-error the app has no view model of its own with a `multiple` flag
  void question.multiple;
  // @ts-expect-error the device never sees which options are correct
  void question.correctOptionIds;
}
if (question.type === 'scale') {
  // @ts-expect-error nor which trait a scale item scores
  void question.items[0]!.trait;
}
// @ts-expect-error tags are the recruiter's filing, not part of the candidate's question
void question.tags;
expect<Equal<CandidateSession['questions'][number], CandidateQuestion>>();
