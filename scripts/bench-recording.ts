/**
 * Recording resilience figures, measured in real Chromium (fake camera and microphone) against
 * `wrangler dev`: what a hard kill loses, what a network cut costs, how fast uploads resume, and
 * the upload overhead over a slow uplink. Run by `npm run bench`.
 */
import { execFileSync } from 'node:child_process';
import type { Page } from 'playwright-core';
import { localSegments, PHONE, passDeviceCheck, probeRecording, startInvite, through } from '../test/e2e/candidate-support.ts';
import { CuttableProxy } from '../test/e2e/proxy.ts';
import { savedRecordingSeconds, secondsSinceRecorderStart, traceRecorderStarts } from '../test/e2e/recording-clock.ts';
import { RecruiterApi } from '../test/e2e/recruiter-api.ts';
import { freePort, launchBrowser, launchPersistent, startHoldfast, tempDir } from '../test/e2e/support.ts';

const STATUS = { name: 'Upload status' } as const;

interface ChunkTraffic {
  attempts: Map<string, number>;
  sizes: Map<string, number>;
  acks: { at: number; key: string }[];
}

/** Every chunk upload the page attempts, and when each was acknowledged. */
function traceChunks(page: Page): ChunkTraffic {
  const traffic: ChunkTraffic = { attempts: new Map(), sizes: new Map(), acks: [] };
  const keyOf = (url: string) =>
    url
      .match(/\/recordings\/([^/]+)\/chunks\/(\d+)$/)
      ?.slice(1)
      .join('/');
  page.on('request', (request) => {
    const key = request.method() === 'PUT' ? keyOf(request.url()) : undefined;
    if (!key) return;
    traffic.attempts.set(key, (traffic.attempts.get(key) ?? 0) + 1);
    traffic.sizes.set(key, request.postDataBuffer()?.length ?? 0);
  });
  page.on('response', (response) => {
    const key = response.request().method() === 'PUT' ? keyOf(response.url()) : undefined;
    if (key && response.status() === 200) traffic.acks.push({ at: Date.now(), key });
  });
  return traffic;
}

async function newCandidate(baseUrl: string, label: string, videoMaxSeconds = 120) {
  const recruiter = await RecruiterApi.register(baseUrl, label);
  const interview = await recruiter.fourQuestionInterview({ videoMaxSeconds });
  const added = await recruiter.addCandidate(interview.id, `Bench ${label}`, `${label}-${crypto.randomUUID().slice(0, 6)}@bench.test`);
  return { recruiter, interview, ...added };
}

const KILLS = 10;

/**
 * Recording lost when the browser is SIGKILLed mid-answer: wall-clock time from the page's
 * `MediaRecorder.start()` call to the kill, less the duration ffprobe reads from the assembled
 * recording. The kill time is taken in the driver after `pkill` returned, so this can only
 * overstate the loss.
 */
interface KillLoss {
  /** Wall clock from MediaRecorder.start() to the kill, less the assembled duration. */
  lost: number;
  /** Of which not yet saved on the device: wall clock less the last saved piece's time. */
  unsaved: number;
}

async function hardKill(baseUrl: string, seconds: number, phaseMs: number): Promise<KillLoss> {
  const { recruiter, interview, inviteUrl, sessionId } = await newCandidate(baseUrl, 'kill');
  const profile = tempDir('bench-kill');
  const context = await launchPersistent(profile, { ...PHONE });
  await traceRecorderStarts(context);
  const page = await context.newPage();
  await startInvite(page, inviteUrl);
  await passDeviceCheck(page);
  await page.getByText(`Recording — ${seconds} s`).waitFor();
  // The counter ticks in step with the recorder's timeslices: spread the kills over a second.
  await page.waitForTimeout(phaseMs);
  // The browser's processes are found first, so that the kill itself is a signal, not a pkill's scan.
  const pids = execFileSync('pgrep', ['-f', `user-data-dir=${profile}`], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map(Number);
  const recordingBeforeRead = await secondsSinceRecorderStart(page);
  const readAt = Date.now();
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* a child that ended with its parent */
    }
  }
  const recorded = recordingBeforeRead + (Date.now() - readAt) / 1000;
  await context.close().catch(() => undefined);
  const again = await launchPersistent(profile, { ...PHONE });
  const back = await again.newPage();
  await back.goto(inviteUrl);
  await back.getByRole('button', { name: 'Continue recording' }).waitFor();
  // What the dead tab had saved: its last piece's time since the segment started.
  const savedSeconds = await savedRecordingSeconds(back);
  await back.getByRole('button', { name: 'Continue recording' }).click();
  await back.getByRole('button', { name: 'Stop recording' }).click();
  await back.getByRole('button', { name: 'Submit answer' }).click();
  await back.getByText('Question 2 of 4').waitFor();
  await back.getByRole('button', { name: 'Stop recording' }).click();
  await back.getByRole('status', STATUS).getByText('All answers saved').waitFor({ timeout: 60_000 });
  const [first] = await localSegments(back, interview.questionIds[0]!);
  const kept = (await probeRecording(recruiter, sessionId, first!)).durationSeconds;
  await again.close();
  return { lost: recorded - kept, unsaved: recorded - savedSeconds };
}

/**
 * One network cut in the middle of an answer, the answer stopped and submitted while offline:
 * what is sent twice, how long from the network's return (the proxy listening again, by the
 * driver's clock) to the first acknowledged chunk and to "All answers saved", and every byte the
 * page sent upstream from the first question to "All answers saved" against the media's bytes.
 */
async function networkCut(
  baseUrl: string,
  port: number,
): Promise<{ resentBytes: number; reconnectToAckSeconds: number; reconnectToSavedSeconds: number; pendingBytes: number; overhead: number; mediaBytes: number; wireBytes: number }> {
  const { inviteUrl } = await newCandidate(baseUrl, 'cut');
  const proxy = new CuttableProxy(await freePort(), port);
  await proxy.start();
  const browser = await launchBrowser();
  const page = await (await browser.newContext({ ...PHONE })).newPage();
  const traffic = traceChunks(page);
  await startInvite(page, through(inviteUrl, proxy.url));
  await passDeviceCheck(page);
  const before = proxy.bytesUp;
  await page.getByText('Recording — 3 s').waitFor();
  await proxy.cut();
  await page
    .getByRole('status', STATUS)
    .getByText(/^Offline/)
    .waitFor({ timeout: 60_000 });
  await page.getByText(/Recording — ([8-9]|\d\d+) s/).waitFor();
  await page.getByRole('button', { name: 'Stop recording' }).click();
  await page.getByRole('button', { name: 'Submit answer' }).click();
  await page.getByText('Question 2 of 4').waitFor();
  // Question 2 records as soon as it opens: stop it, so that "All answers saved" can be reached.
  await page.getByRole('button', { name: 'Stop recording' }).click();
  const pendingBytes = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const open = indexedDB.open('holdfast');
        open.onsuccess = () => {
          const req = open.result.transaction('outbox').objectStore('outbox').getAll();
          req.onsuccess = () => resolve((req.result as { bytes: number }[]).reduce((n, item) => n + item.bytes, 0));
        };
      }),
  );
  await proxy.start();
  const reconnectedAt = Date.now();
  await page.getByRole('status', STATUS).getByText('All answers saved').waitFor({ timeout: 60_000 });
  const savedAt = Date.now();
  const firstAck = traffic.acks.find((a) => a.at >= reconnectedAt);
  let resentBytes = 0;
  for (const [key, attempts] of traffic.attempts) resentBytes += (attempts - 1) * (traffic.sizes.get(key) ?? 0);
  const mediaBytes = [...traffic.sizes.values()].reduce((a, b) => a + b, 0);
  const wireBytes = proxy.bytesUp - before;
  await browser.close();
  await proxy.cut();
  return {
    resentBytes,
    reconnectToAckSeconds: firstAck ? (firstAck.at - reconnectedAt) / 1000 : Number.NaN,
    reconnectToSavedSeconds: (savedAt - reconnectedAt) / 1000,
    pendingBytes,
    overhead: wireBytes / mediaBytes,
    mediaBytes,
    wireBytes,
  };
}

async function slowUplink(baseUrl: string, port: number): Promise<{ overhead: number; mediaBytes: number; wireBytes: number }> {
  const { inviteUrl } = await newCandidate(baseUrl, 'slow');
  const proxy = new CuttableProxy(await freePort(), port, 750_000 / 8);
  await proxy.start();
  const browser = await launchBrowser();
  const page = await (await browser.newContext({ ...PHONE })).newPage();
  const traffic = traceChunks(page);
  await startInvite(page, through(inviteUrl, proxy.url));
  await passDeviceCheck(page);
  const before = proxy.bytesUp;
  await page.getByText('Recording — 10 s').waitFor();
  await page.getByRole('button', { name: 'Stop recording' }).click();
  await page.getByRole('button', { name: 'Submit answer' }).click();
  await page.getByText('Question 2 of 4').waitFor();
  await page.getByRole('button', { name: 'Stop recording' }).click();
  await page.getByRole('status', STATUS).getByText('All answers saved').waitFor({ timeout: 180_000 });
  const mediaBytes = [...traffic.sizes.values()].reduce((a, b) => a + b, 0);
  const wireBytes = proxy.bytesUp - before;
  await browser.close();
  await proxy.cut();
  return { overhead: wireBytes / mediaBytes, mediaBytes, wireBytes };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

export async function benchRecording(): Promise<string[]> {
  const server = await startHoldfast();
  try {
    const kills: KillLoss[] = [];
    // Kills 5 to 9 s into the answer, each at another point of the second (0, 100, … 900 ms).
    for (let i = 0; i < KILLS; i++) kills.push(await hardKill(server.url, 5 + (i % 5), i * 100));
    const losses = kills.map((k) => k.lost);
    const unsaved = kills.map((k) => k.unsaved);
    const cut = await networkCut(server.url, server.port);
    const slow = await slowUplink(server.url, server.port);
    return [
      `recording lost on a hard kill (wall clock from MediaRecorder.start() to SIGKILL, less the assembled duration), ${KILLS} kills: median ${median(losses).toFixed(2)} s, max ${Math.max(...losses).toFixed(2)} s (${losses.map((l) => l.toFixed(2)).join(', ')})`,
      `  of which not yet saved on the device at the kill (wall clock less the last saved piece's time): median ${median(unsaved).toFixed(2)} s, max ${Math.max(...unsaved).toFixed(2)} s`,
      `bytes sent twice per network interruption: ${cut.resentBytes} B`,
      `network back to first acknowledged chunk: ${cut.reconnectToAckSeconds.toFixed(2)} s`,
      `network back to "All answers saved" (${(cut.pendingBytes / 1024).toFixed(0)} KB pending): ${cut.reconnectToSavedSeconds.toFixed(2)} s`,
      `upload bytes over a run with one network cut (bytes on the wire / media bytes): ${cut.overhead.toFixed(3)} (${(cut.wireBytes / 1024).toFixed(0)} KB for ${(cut.mediaBytes / 1024).toFixed(0)} KB of media, answers and page traffic included)`,
      `upload overhead at 750 kbit/s uplink (bytes on the wire / media bytes): ${slow.overhead.toFixed(3)} (${(slow.wireBytes / 1024).toFixed(0)} KB for ${(slow.mediaBytes / 1024).toFixed(0)} KB of media, answers and page traffic included)`,
    ];
  } finally {
    await server.stop();
  }
}
