/**
 * Type-level test of the API's contract on the Worker's side, checked by `tsc -b`
 * (tsconfig.worker.json includes test/worker/**): nothing here runs. The routes answer the types of
 * worker/schemas, and the functions that build those answers are declared with them, so renaming
 * a schema field fails the Worker's build where the answer is built (and the app's, see
 * test/app/contract.types.ts). Each `@ts-expect-error` is an error today; should the line ever
 * compile, tsc reports the unused directive and the build fails.
 */
import type { ExtractSchema } from 'hono/types';
import type { candidateViewOf } from '../../../durable/answers';
import type { linkInfo } from '../../../worker/candidates/entry';
import type { candidateSession } from '../../../worker/candidates/view';
import type { AppType } from '../../../worker/index';
import type { CandidateQuestion, CandidateSession, LinkInfo } from '../../../worker/schemas/candidate';
import type { Interview } from '../../../worker/schemas/interviews';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** For answers built of intersections, which Equal tells apart from the same type spelled flat. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const expect = <T extends true>(): T => true as T;

type Routes = ExtractSchema<AppType>;
/** What a route promises for one status, as the typed client reads it. */
type Answer<P extends keyof Routes, M extends keyof Routes[P], S extends number = 200> = Extract<Routes[P][M], { status: S }> extends { output: infer O } ? O : never;

// ---- The routes answer the schemas' types ----

expect<Same<Answer<'/api/links/:token', '$get'>, LinkInfo>>();
expect<Same<Answer<'/api/candidate/session', '$get'>, CandidateSession>>();
expect<Equal<Answer<'/api/interviews/:interviewId', '$get'>, { interview: Interview }>>();

// ---- ...and the code that builds them is declared with them ----

expect<Equal<Awaited<ReturnType<typeof linkInfo>>, LinkInfo>>();
expect<Equal<Awaited<ReturnType<typeof candidateSession>>, CandidateSession>>();
expect<Equal<Extract<ReturnType<typeof candidateViewOf>, { kind: 'ready' }>['questions'][number], CandidateQuestion>>();

// ---- A renamed field fails ----

/** The link answer as it would be had `questionCount` been renamed in worker/schemas/candidate.ts. */
type RenamedLinkInfo = Omit<LinkInfo, 'interview'> & { interview: Omit<LinkInfo['interview'], 'questionCount'> & { questionTotal: number } };
declare const renamedLink: RenamedLinkInfo;
// @ts-expect-error the route promises `interview.questionCount`, the schema's name
export const asTheRouteAnswersIt: Answer<'/api/links/:token', '$get'> = renamedLink;

declare const question: CandidateQuestion;
// @ts-expect-error the candidate's question has no tags (see questionForCandidate)
void question.tags;
