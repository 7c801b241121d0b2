import type { IDBPDatabase } from 'idb';
import type { CandidateSession } from '../lib/candidateApi';
import { enqueue, type HoldfastDB, type LocalAnswer, type LocalSession, nextOrder, openStore } from '../lib/store';
import { Uploader } from '../lib/uploader';

export interface Device {
  db: IDBPDatabase<HoldfastDB>;
  uploader: Uploader;
}

let device: Promise<Device> | undefined;

/** One store and one uploader per page, started on first use. */
export function getDevice(): Promise<Device> {
  device ??= (async () => {
    const db = await openStore();
    const uploader = new Uploader(db, async (sessionId) => (await db.get('sessions', sessionId))?.deviceToken);
    uploader.start();
    return { db, uploader };
  })();
  return device;
}

export async function rememberSession(
  db: IDBPDatabase<HoldfastDB>,
  init: { linkToken: string; email: string; deviceToken: string; session: CandidateSession },
): Promise<LocalSession> {
  const existing = await db.get('sessions', init.session.sessionId);
  const local: LocalSession = {
    sessionId: init.session.sessionId,
    linkToken: init.linkToken,
    email: init.email,
    interviewName: init.session.interview.name,
    deviceToken: init.deviceToken,
    snapshot: init.session,
    finishedLaterAt: existing?.finishedLaterAt ?? null,
    completedAt: existing?.completedAt ?? null,
    updatedAt: Date.now(),
  };
  await db.put('sessions', local);
  return local;
}

export async function localSessionForLink(db: IDBPDatabase<HoldfastDB>, linkToken: string): Promise<LocalSession | undefined> {
  const all = await db.getAllFromIndex('sessions', 'byLink', linkToken);
  return all.sort((a, b) => b.updatedAt - a.updatedAt)[0];
}

export async function localAnswers(db: IDBPDatabase<HoldfastDB>, sessionId: string): Promise<Map<string, LocalAnswer>> {
  const answers = await db.getAllFromIndex('answers', 'bySession', sessionId);
  return new Map(answers.map((a) => [a.questionId, a]));
}

/** The first question that neither the server nor this device holds a submitted answer for. */
export function nextUnanswered(session: CandidateSession, local: Map<string, LocalAnswer>): number {
  const index = session.questions.findIndex((q) => !session.answers[q.id] && local.get(q.id)?.state !== 'submitted');
  return index === -1 ? session.questions.length : index;
}

/** Saves an answer on the device and queues it, in that order; the network comes later. */
export async function submitAnswer(device: Device, sessionId: string, questionId: string, value: unknown, extra: Partial<LocalAnswer> = {}): Promise<void> {
  const previous = await device.db.get('answers', [sessionId, questionId]);
  await device.db.put('answers', {
    sessionId,
    questionId,
    state: 'submitted',
    value,
    segments: extra.segments ?? previous?.segments ?? [],
    attempts: extra.attempts ?? previous?.attempts ?? 0,
    savedAt: Date.now(),
  });
  const clientId = crypto.randomUUID();
  await enqueue(device.db, { id: `answer:${clientId}`, sessionId, kind: 'answer', createdAt: nextOrder(), body: { clientId, questionId, value }, bytes: 0 });
  await device.uploader.kick();
}

/**
 * "Finish later" in the middle of a recorded answer: its take is marked paused, so coming back
 * says the candidate paused it, where a closed tab or a crash says it was interrupted.
 */
export async function pauseTakes(db: IDBPDatabase<HoldfastDB>, sessionId: string): Promise<void> {
  for (const answer of await db.getAllFromIndex('answers', 'bySession', sessionId)) {
    if (answer.state === 'recording' && answer.segments.length > 0) await db.put('answers', { ...answer, value: { ...(answer.value as object | null), paused: true } });
  }
}

export async function queueSessionWrite(device: Device, sessionId: string, kind: 'finishLater' | 'complete'): Promise<void> {
  const clientId = crypto.randomUUID();
  await enqueue(device.db, { id: `${kind}:${clientId}`, sessionId, kind, createdAt: nextOrder(), body: { clientId }, bytes: 0 });
  const local = await device.db.get('sessions', sessionId);
  if (local) {
    await device.db.put('sessions', {
      ...local,
      ...(kind === 'finishLater' ? { finishedLaterAt: Date.now() } : { completedAt: Date.now() }),
      updatedAt: Date.now(),
    });
  }
  await device.uploader.kick();
}
