/**
 * Recording resilience figures, measured in real Chromium (fake camera and microphone) against
 * `wrangler dev`: what a hard kill loses, what a network cut costs, how fast uploads resume, and
 * the upload overhead over a slow uplink. Run by `npm run bench`.
 */
import { execFileSync } from 'node:child_process';
import type { Page } from 'playwright-core';
import { localSegments, PHONE, passDeviceCheck, probeRecording, startInvite, through } from '../test/e2e/candidate-support.ts';
import { CuttableProxy } from '../test/e2e/proxy.ts';
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

async function hardKill(baseUrl: string): Promise<number> {
  const { recruiter, interview, inviteUrl, sessionId } = await newCandidate(baseUrl, 'kill');
  const profile = tempDir('bench-kill');
  const context = await launchPersistent(profile, { ...PHONE });
  const page = await context.newPage();
  await startInvite(page, inviteUrl);
  await passDeviceCheck(page);
  await page.getByRole('button', { name: 'Stop recording' }).waitFor();
  const startedAt = Date.now();
  await page.getByText('Recording — 10 s').waitFor();
  const killedAt = Date.now();
  execFileSync('pkill', ['-KILL', '-f', `user-data-dir=${profile}`]);
  await context.close().catch(() => undefined);
  const again = await launchPersistent(profile, { ...PHONE });
  const back = await again.newPage();
  await back.goto(inviteUrl);
  await back.getByRole('button', { name: 'Continue recording' }).click();
  await back.getByRole('button', { name: 'Stop recording' }).click();
  await back.getByRole('button', { name: 'Submit answer' }).click();
  await back.getByRole('status', STATUS).getByText('All answers saved').waitFor({ timeout: 60_000 });
  const [first] = await localSegments(back, interview.questionIds[0]!);
  const kept = (await probeRecording(recruiter, sessionId, first!)).durationSeconds;
  await again.close();
  // The recorder started a moment before its button showed, so this slightly overstates the loss.
  return (killedAt - startedAt) / 1000 - kept;
}

async function networkCut(baseUrl: string, port: number): Promise<{ resentBytes: number; reconnectToAckSeconds: number }> {
  const { inviteUrl } = await newCandidate(baseUrl, 'cut');
  const proxy = new CuttableProxy(await freePort(), port);
  await proxy.start();
  const browser = await launchBrowser();
  const page = await (await browser.newContext({ ...PHONE })).newPage();
  const traffic = traceChunks(page);
  await startInvite(page, through(inviteUrl, proxy.url));
  await passDeviceCheck(page);
  await page.getByText('Recording — 3 s').waitFor();
  await proxy.cut();
  await page
    .getByRole('status', STATUS)
    .getByText(/^Offline/)
    .waitFor({ timeout: 60_000 });
  await page.getByText('Recording — 8 s').waitFor();
  const reconnectedAt = Date.now();
  await proxy.start();
  await page.getByRole('status', STATUS).getByText('Saving…').or(page.getByRole('status', STATUS).getByText('All answers saved')).first().waitFor({ timeout: 60_000 });
  while (!traffic.acks.some((a) => a.at >= reconnectedAt)) await new Promise((r) => setTimeout(r, 50));
  const firstAck = traffic.acks.find((a) => a.at >= reconnectedAt)!;
  await page.getByRole('button', { name: 'Stop recording' }).click();
  await page.getByRole('button', { name: 'Submit answer' }).click();
  await page.getByRole('status', STATUS).getByText('All answers saved').waitFor({ timeout: 60_000 });
  let resentBytes = 0;
  for (const [key, attempts] of traffic.attempts) resentBytes += (attempts - 1) * (traffic.sizes.get(key) ?? 0);
  await browser.close();
  await proxy.cut();
  return { resentBytes, reconnectToAckSeconds: (firstAck.at - reconnectedAt) / 1000 };
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
  await page.getByRole('status', STATUS).getByText('All answers saved').waitFor({ timeout: 180_000 });
  const mediaBytes = [...traffic.sizes.values()].reduce((a, b) => a + b, 0);
  const wireBytes = proxy.bytesUp - before;
  await browser.close();
  await proxy.cut();
  return { overhead: wireBytes / mediaBytes, mediaBytes, wireBytes };
}

export async function benchRecording(): Promise<string[]> {
  const server = await startHoldfast();
  try {
    const lost = await hardKill(server.url);
    const cut = await networkCut(server.url, server.port);
    const slow = await slowUplink(server.url, server.port);
    return [
      `recording lost on a hard kill 10 s into an answer: ${lost.toFixed(2)} s`,
      `bytes sent twice per network interruption: ${cut.resentBytes} B`,
      `reconnect to first acknowledged chunk: ${cut.reconnectToAckSeconds.toFixed(2)} s`,
      `upload overhead at 750 kbit/s uplink (bytes on the wire / media bytes): ${slow.overhead.toFixed(3)} (${(slow.wireBytes / 1024).toFixed(0)} KB for ${(slow.mediaBytes / 1024).toFixed(0)} KB of media, answers and page traffic included)`,
    ];
  } finally {
    await server.stop();
  }
}
