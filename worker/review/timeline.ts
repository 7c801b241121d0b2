/**
 * A session's story for the reviewer, oldest first: created, started, each answer recorded and
 * uploaded, each disconnect and how long it lasted, finished later, resumed, completed, reviewed.
 * Built from the state machine's events (D1), the session object's answers, recordings and live
 * history, and the devices that entered the session.
 */
import type { SessionRow } from '../db/sessions';
import type { SnapshotQuestion } from '../schemas/interviews';
import type { TimelineEntry } from '../schemas/review';
import { SESSION_STATE_LABELS, type SessionEvent } from '../state/session-states';
import type { ReviewMaterial } from './material';

export interface TimelineInput {
  session: Pick<SessionRow, 'createdAt' | 'startedAt'>;
  events: readonly SessionEvent[];
  memberNames: ReadonlyMap<string, string>;
  material: ReviewMaterial;
  /** When each device entered the session (the first started it; later ones resumed it). */
  deviceStarts: readonly number[];
}

/** "45 s", "2 min 5 s", "1 h 3 min": how long, in words a recruiter reads at a glance. */
function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return seconds % 60 ? `${minutes} min ${seconds % 60} s` : `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
}

const questionLabel = (question: SnapshotQuestion, index: number) => `Question ${index + 1} (${question.type})`;

function stateEntries(input: TimelineInput): TimelineEntry[] {
  const who = (event: SessionEvent) => (event.actor.kind === 'member' ? (input.memberNames.get(event.actor.memberId) ?? 'a former member') : null);
  const entries: TimelineEntry[] = [];
  for (const event of input.events) {
    if (event.to === 'in_progress') entries.push({ at: event.at, kind: 'started', detail: 'Started the interview' });
    else if (event.to === 'reviewed') entries.push({ at: event.at, kind: 'reviewed', detail: `Review finished${who(event) ? ` by ${who(event)}` : ''}` });
    else if (event.from === 'reviewed') entries.push({ at: event.at, kind: 'review_reopened', detail: `Review reopened${who(event) ? ` by ${who(event)}` : ''}` });
    else if (event.to !== 'not_started') entries.push({ at: event.at, kind: 'completed', detail: SESSION_STATE_LABELS[event.to] });
  }
  if (!entries.some((e) => e.kind === 'started') && input.session.startedAt !== null) {
    entries.push({ at: input.session.startedAt, kind: 'started', detail: 'Started the interview' });
  }
  return entries;
}

function answerEntries(material: ReviewMaterial): TimelineEntry[] {
  const segments = new Map(material.manifest.segments.map((s) => [s.segmentId, s]));
  const entries: TimelineEntry[] = [];
  (material.questions ?? []).forEach((question, index) => {
    const stored = material.answers[question.id];
    if (!stored) return;
    const label = questionLabel(question, index);
    if (question.type !== 'video' && question.type !== 'audio') {
      entries.push({ at: stored.answeredAt, kind: 'answered', detail: `${label} answered`, questionId: question.id });
      return;
    }
    const value = stored.value as { recording?: { segments?: unknown } } | null;
    const ids = Array.isArray(value?.recording?.segments) ? (value.recording.segments as unknown[]).filter((id): id is string => typeof id === 'string') : [];
    const taken = ids.map((id) => segments.get(id));
    const parts = ids.length === 1 ? '' : ` in ${ids.length} segments`;
    entries.push({ at: stored.answeredAt, kind: 'answer_recorded', detail: `${label} recorded${parts}`, questionId: question.id });
    const finished = taken.flatMap((s) => (s?.recording ? [s.recording] : []));
    if (finished.length === ids.length && finished.length > 0) {
      const at = Math.max(...finished.map((r) => r.finalizedAt));
      const length = finished.reduce((sum, r) => sum + r.durationMs, 0);
      entries.push({ at, kind: 'answer_uploaded', detail: `${label} uploaded: ${formatDuration(length)} of recording`, questionId: question.id });
    }
  });
  return entries;
}

function presenceEntries(input: TimelineInput): TimelineEntry[] {
  const { material } = input;
  const entries: TimelineEntry[] = [];
  // Closing the tab after the last answer is not a disconnect worth a reviewer's attention.
  const before = material.completedAt ?? Infinity;
  for (const { startedAt, endedAt } of material.disconnects) {
    if (startedAt >= before) continue;
    const durationMs = endedAt === null ? null : endedAt - startedAt;
    const detail =
      durationMs === null
        ? 'Went offline and has not come back'
        : durationMs < 1_000
          ? 'Reconnected at once (a reload or a network blip)'
          : `Offline for ${formatDuration(durationMs)}`;
    entries.push({ at: startedAt, kind: 'disconnected', detail, durationMs });
  }
  if (material.finishedLaterAt !== null) {
    const finishedLaterAt = material.finishedLaterAt;
    entries.push({ at: finishedLaterAt, kind: 'finished_later', detail: 'Chose Finish later' });
    const back = material.disconnects.find((d) => d.endedAt !== null && d.endedAt > finishedLaterAt);
    if (back?.endedAt) entries.push({ at: back.endedAt, kind: 'resumed', detail: `Came back after ${formatDuration(back.endedAt - finishedLaterAt)}` });
  }
  for (const at of [...input.deviceStarts].sort((a, b) => a - b).slice(1)) {
    entries.push({ at, kind: 'resumed', detail: 'Resumed on another device (email code)' });
  }
  return entries;
}

export function sessionTimeline(input: TimelineInput): TimelineEntry[] {
  const entries = [
    { at: input.session.createdAt, kind: 'created' as const, detail: 'Session created' },
    ...stateEntries(input),
    ...answerEntries(input.material),
    ...presenceEntries(input),
  ];
  // Stable: entries of the same moment keep the order they were made in.
  return entries
    .map((entry, order) => ({ entry, order }))
    .sort((a, b) => a.entry.at - b.entry.at || a.order - b.order)
    .map((x) => x.entry);
}
