/** The Sessions tab's rows and its page cursors. */
import { fromBase64Url, toBase64Url } from '../auth/tokens';
import type { Candidate } from '../db/candidates';
import { type SessionListRow, type SessionRow, type SessionSort, type SortDirection, sortValueOf } from '../db/sessions';
import { badRequest } from '../errors';
import type { SessionListItem } from '../schemas/candidate';

/** Where a candidate opens an invite link: the candidate app's `/i/:token` route. */
export const inviteUrlOf = (requestUrl: string, token: string | null) => (token ? `${new URL(requestUrl).origin}/i/${token}` : null);

export function listItemOf(requestUrl: string, row: SessionListRow): SessionListItem {
  return {
    id: row.id,
    candidate: { id: row.candidateId, name: row.candidateName, email: row.candidateEmail },
    status: row.status,
    progress: { answered: row.answeredCount, total: row.questionCount },
    practice: row.practice,
    retakeOf: row.retakeOf,
    retakenBy: row.retakenBy,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    inviteUrl: inviteUrlOf(requestUrl, row.inviteToken),
    timeUsedMs: row.startedAt !== null && row.finishedAt !== null ? Math.max(0, row.finishedAt - row.startedAt) : null,
    analysis: { state: row.analysisState, score: row.analysisScore },
  };
}

export function sessionItemOf(requestUrl: string, session: SessionRow, candidate: Candidate): SessionListItem {
  return listItemOf(requestUrl, {
    id: session.id,
    candidateId: candidate.id,
    candidateName: candidate.name,
    candidateEmail: candidate.email,
    status: session.status,
    answeredCount: session.answeredCount,
    questionCount: session.questionCount,
    practice: session.practice,
    retakeOf: session.retakeOf,
    retakenBy: session.retakenBy,
    inviteToken: session.inviteToken,
    createdAt: session.createdAt,
    updatedAt: session.updatedAt,
    sortName: '',
    startedAt: session.startedAt,
    finishedAt: session.finishedAt,
    analysisState: session.analysisState,
    analysisScore: session.analysisScore,
  });
}

interface CursorBody {
  sort: SessionSort;
  dir: SortDirection;
  value: string | number;
  id: string;
}

/** Opaque to the client: the sort it was made for, and the last row's sort value and id. */
export function encodeCursor(sort: SessionSort, dir: SortDirection, row: SessionListRow): string {
  const body: CursorBody = { sort, dir, value: sortValueOf(row, sort), id: row.id };
  return toBase64Url(new TextEncoder().encode(JSON.stringify(body)));
}

export function decodeCursor(cursor: string, sort: SessionSort, dir: SortDirection): { value: string | number; id: string } {
  const invalid = () => badRequest('This page cursor is not valid for this list; start again from the first page.', { cursor: 'is not valid for this sort' });
  const bytes = fromBase64Url(cursor);
  if (!bytes) throw invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw invalid();
  }
  // Any JSON decodes, `null` and `[]` included: only an object can be one of our cursors.
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalid();
  const body = parsed as Partial<CursorBody>;
  const valueOk = sort === 'name' ? typeof body.value === 'string' : Number.isSafeInteger(body.value);
  if (body.sort !== sort || body.dir !== dir || !valueOk || typeof body.id !== 'string' || body.id.length > 100) throw invalid();
  return { value: body.value as string | number, id: body.id };
}
