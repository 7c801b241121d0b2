/**
 * The name a downloaded recording is saved under: who answered, which question, and which part of
 * an interrupted take, so a folder of downloads reads like the session ("Riley Reviewed - Q1
 * Introduce yourself.webm").
 */
import { findCandidate } from '../db/candidates';
import type { SessionRow } from '../db/sessions';
import { sessionStub } from '../sessions';

const EXTENSIONS: Record<string, string> = { 'video/webm': 'webm', 'audio/webm': 'webm', 'video/mp4': 'mp4', 'audio/mp4': 'm4a', 'audio/ogg': 'ogg' };

/** Characters no common file system accepts, and control characters, become spaces. */
const safe = (text: string) =>
  text
    .replace(/[\\/:*?"<>|\p{Cc}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 80)
    .trim();

/** `attachment` with an ASCII fallback name and the exact one in UTF-8 (RFC 6266, RFC 8187). */
function attachment(name: string): string {
  const ascii = name
    .normalize('NFKD')
    .replace(/[^\x20-\x7e]/g, '')
    .replace(/[%\\]/g, ' ');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii || 'recording'}"; filename*=UTF-8''${encoded}`;
}

export async function recordingDownloadName(env: Env, session: SessionRow, segmentId: string, mimeType: string): Promise<string> {
  const [material, candidate] = await Promise.all([
    sessionStub(env, session.id).reviewMaterial(),
    session.candidateId ? findCandidate(env.DB, session.orgId, session.candidateId) : null,
  ]);
  const questions = material.questions ?? [];
  const answerId = material.manifest.segments.find((s) => s.segmentId === segmentId)?.answerId;
  const index = questions.findIndex((q) => q.id === answerId);
  const question = questions[index];
  const value = answerId ? material.answers[answerId]?.value : undefined;
  const segments = (value as { recording?: { segments?: unknown } } | undefined)?.recording?.segments;
  const parts = Array.isArray(segments) ? segments : [];
  const part = parts.indexOf(segmentId);

  const who = safe(candidate?.name ?? '') || 'Candidate';
  const what = question ? `Q${index + 1} ${safe(question.title)}` : 'Recording';
  const which = parts.length > 1 && part >= 0 ? ` (part ${part + 1} of ${parts.length})` : '';
  const extension = EXTENSIONS[mimeType.split(';')[0]?.trim().toLowerCase() ?? ''] ?? 'webm';
  return attachment(`${who} - ${what}${which}.${extension}`);
}
