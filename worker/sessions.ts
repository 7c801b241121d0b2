import type { InterviewSession } from '../durable/InterviewSession';

/**
 * The one place that derives a session's Durable Object. The id comes from the session id by
 * name, so the same session always reaches the same object, from any Worker.
 */
export function sessionStub(env: Env, sessionId: string): DurableObjectStub<InterviewSession> {
  const namespace = env.INTERVIEW_SESSION as DurableObjectNamespace<InterviewSession>;
  return namespace.get(namespace.idFromName(sessionId));
}
