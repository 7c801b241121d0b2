import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { RecruiterApi } from './recruiter-api.ts';
import { tempDir } from './support.ts';

/** A phone: small screen, touch, a mobile user agent's layout. */
export const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true } as const;

/** Opens an invite link and starts: consent, then the device check. */
export async function startInvite(page: Page, inviteUrl: string): Promise<void> {
  await page.goto(inviteUrl);
  await page.getByRole('checkbox', { name: /I agree/ }).check();
  await page.getByRole('button', { name: 'Start interview' }).click();
}

export async function passDeviceCheck(page: Page): Promise<void> {
  const ready = page.getByRole('button', { name: 'My camera and microphone work' });
  await ready.waitFor();
  await page.waitForFunction(() => !(document.querySelector('button.hf-button:not(.hf-button--secondary)') as HTMLButtonElement | null)?.disabled);
  await ready.click();
}

/** Records until `seconds` of recording have elapsed on the page's own clock, then stops. */
export async function recordFor(page: Page, seconds: number): Promise<void> {
  await page.getByRole('button', { name: 'Stop recording' }).waitFor();
  await page.getByText(new RegExp(`Recording — ${seconds} s`)).waitFor({ timeout: (seconds + 10) * 1000 });
  await page.getByRole('button', { name: 'Stop recording' }).click();
}

/** The segments the device keeps for a question's answer, read from its IndexedDB. */
export function localSegments(page: Page, questionId: string): Promise<string[]> {
  return page.evaluate(async (qid) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('holdfast');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const answers = await new Promise<{ questionId: string; segments: string[] }[]>((resolve) => {
      const req = db.transaction('answers').objectStore('answers').getAll();
      req.onsuccess = () => resolve(req.result as { questionId: string; segments: string[] }[]);
    });
    db.close();
    return answers.find((a) => a.questionId === qid)?.segments ?? [];
  }, questionId);
}

/** Downloads an assembled segment as a member would and asks ffprobe what it holds. */
export async function probeRecording(recruiter: RecruiterApi, sessionId: string, segmentId: string): Promise<{ durationSeconds: number; streams: string[] }> {
  const res = await fetch(`${recruiter.baseUrl}/api/sessions/${sessionId}/recordings/${segmentId}`, { headers: await recruiter.authHeaders() });
  if (!res.ok) throw new Error(`recording ${segmentId} answered ${res.status}: ${await res.text()}`);
  const file = join(tempDir('probe'), `${segmentId}.webm`);
  writeFileSync(file, new Uint8Array(await res.arrayBuffer()));
  const out = execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration:stream=codec_type', '-of', 'json', file], { encoding: 'utf8' });
  const parsed = JSON.parse(out) as { format: { duration: string }; streams: { codec_type: string }[] };
  return { durationSeconds: Number(parsed.format.duration), streams: parsed.streams.map((s) => s.codec_type) };
}

/** Every finishSegment the page sends, with the duration the device measured. */
export function watchFinishedSegments(page: Page): Map<string, number> {
  const durations = new Map<string, number>();
  page.on('request', (request) => {
    const match = request.url().match(/\/api\/candidate\/recordings\/([^/]+)\/finish$/);
    if (match && request.method() === 'POST') durations.set(match[1]!, (JSON.parse(request.postData() ?? '{}') as { durationMs: number }).durationMs);
  });
  return durations;
}

/** The chunks the device holds for a segment, with SHA-256 computed afresh from their bytes. */
export function localChunks(page: Page, segmentId: string): Promise<{ seq: number; sha256: string; size: number }[]> {
  return page.evaluate(async (id) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('holdfast');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const chunks = await new Promise<{ seq: number; data: ArrayBuffer }[]>((resolve) => {
      const req = db.transaction('recordingChunks').objectStore('recordingChunks').index('bySegment').getAll(id);
      req.onsuccess = () => resolve(req.result as { seq: number; data: ArrayBuffer }[]);
    });
    db.close();
    const hex = (buf: ArrayBuffer) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('');
    const out = [];
    for (const chunk of chunks.sort((a, b) => a.seq - b.seq))
      out.push({ seq: chunk.seq, sha256: hex(await crypto.subtle.digest('SHA-256', chunk.data)), size: chunk.data.byteLength });
    return out;
  }, segmentId);
}

/** The device token the page keeps for its session, to ask the server what it holds. */
export function localDeviceToken(page: Page): Promise<string> {
  return page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        const open = indexedDB.open('holdfast');
        open.onsuccess = () => {
          const req = open.result.transaction('sessions').objectStore('sessions').getAll();
          req.onsuccess = () => resolve((req.result as { deviceToken: string }[])[0]!.deviceToken);
        };
      }),
  );
}

/** What the session's Durable Object holds, asked as the candidate's device. */
export async function serverManifest(
  baseUrl: string,
  deviceToken: string,
): Promise<{ segmentId: string; state: string; chunks: { seq: number; sha256: string; size: number }[] }[]> {
  const res = await fetch(`${baseUrl}/api/candidate/recordings/manifest`, { headers: { authorization: `Bearer ${deviceToken}` } });
  if (!res.ok) throw new Error(`manifest answered ${res.status}`);
  return ((await res.json()) as { segments: { segmentId: string; state: string; chunks: { seq: number; sha256: string; size: number }[] }[] }).segments;
}

/** The same link, reached through another origin (a proxy in front of the server). */
export function through(url: string, origin: string): string {
  const u = new URL(url);
  return `${origin}${u.pathname}${u.search}${u.hash}`;
}
