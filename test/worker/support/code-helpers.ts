import { env } from 'cloudflare:test';
import { ChangeSet } from '@codemirror/state';
import { insertOrganizationStatement } from '../../../worker/db/organizations';
import { insertSessionsStatement } from '../../../worker/db/sessions';
import type { CodeEvent } from '../../../worker/schemas/code';
import type { InterviewSnapshot, SnapshotQuestion } from '../../../worker/schemas/interviews';
import { sessionStub } from '../../../worker/sessions';
import { seedDevice } from './candidates-helpers';

export function codeQuestion(id: string, starterCode = '', language: 'python' | 'typescript' | 'javascript' = 'python'): SnapshotQuestion {
  return {
    id,
    type: 'code',
    title: `Code ${id}`,
    prompt: 'Print the sum of two numbers.',
    tags: [],
    language,
    starterCode,
    tests: [
      { id: 'visible', name: 'Adds', input: '1 2', expectedOutput: '3', hidden: false },
      { id: 'secret', name: 'Adds big', input: '100 200', expectedOutput: '300', hidden: true },
    ],
  };
}

export interface CodeSession {
  orgId: string;
  sessionId: string;
  deviceToken: string;
  stub: ReturnType<typeof sessionStub>;
}

/**
 * A started session of `format` (a take-home by default: a D1 row of that format, so the state
 * machine finishes it in Ready for review) with a device admitted to it.
 */
export async function codeSession(
  questions: SnapshotQuestion[],
  options: { format?: 'take_home' | 'one_way'; deadlineHours?: number | null; deadlineAt?: number | null } = {},
): Promise<CodeSession> {
  const format = options.format ?? 'take_home';
  const orgId = crypto.randomUUID();
  const sessionId = crypto.randomUUID();
  const now = Date.now();
  await insertOrganizationStatement(env.DB, { id: orgId, name: 'Org code', slug: `org-${orgId}`, now }).run();
  await insertSessionsStatement(env.DB, { orgId, interviewId: null, format, practice: false, questionCount: questions.length, now }, [
    { id: sessionId, candidateId: null, inviteToken: null, sortName: '', candidateEmail: null },
  ]).run();
  const stub = sessionStub(env, sessionId);
  await stub.initialize({ sessionId, orgId });
  const snapshot: InterviewSnapshot = {
    interviewId: crypto.randomUUID(),
    version: 1,
    name: 'Take-home',
    format,
    intro: '',
    closing: '',
    deadlineHours: format === 'take_home' ? (options.deadlineHours === undefined ? 3 : options.deadlineHours) : null,
    deadlineAt: options.deadlineAt ?? null,
    questions,
  };
  await stub.start(snapshot);
  const deviceToken = await seedDevice({ sessionId, orgId });
  return { orgId, sessionId, deviceToken, stub };
}

/**
 * A typist: turns text typed at the end of the document into CodeMirror change events, as the
 * editor reports them (`ChangeSet.toJSON()`), and keeps the document they make.
 */
export class Typist {
  doc: string;
  readonly events: CodeEvent[] = [];
  constructor(starter = '') {
    this.doc = starter;
  }

  type(text: string, at = this.doc.length): this {
    const change = ChangeSet.of({ from: at, insert: text }, this.doc.length);
    this.events.push({ k: 'change', t: Date.now(), changes: change.toJSON() as CodeEvent extends { changes: infer C } ? C : never });
    this.doc = this.doc.slice(0, at) + text + this.doc.slice(at);
    return this;
  }

  erase(from: number, to: number): this {
    const change = ChangeSet.of({ from, to }, this.doc.length);
    this.events.push({ k: 'change', t: Date.now(), changes: change.toJSON() as CodeEvent extends { changes: infer C } ? C : never });
    this.doc = this.doc.slice(0, from) + this.doc.slice(to);
    return this;
  }

  run(stdout: string): this {
    this.events.push({ k: 'run', t: Date.now(), stdin: '1 2', result: { status: 'ok', stdout, stderr: '', ms: 12 } });
    return this;
  }

  paste(size: number): this {
    this.events.push({ k: 'paste', t: Date.now(), size });
    return this;
  }
}
