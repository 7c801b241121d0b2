/**
 * The candidate write paths against a bare Worker (scripts/bench/bare-worker.ts), all under
 * `wrangler dev` on this machine, in interleaved rounds (ours, bare, ours, bare…) so that whatever
 * else the machine is doing weighs on both alike: the figure that means something is the ratio.
 *
 * The bare Worker runs twice: as issue 10 defines it, and behind the platform's static-asset
 * router (scripts/bench/wrangler-assets.toml). Holdfast serves its app from the same Worker, and
 * Cloudflare puts that router (workers-shared's router-worker, which wrangler runs locally as in
 * production) in front of every Worker with static assets: each request passes through it before
 * our code sees it, whatever `run_worker_first` says. Measured here it is 0.3–0.5 ms of CPU per
 * request, a tenth of the bare Worker's whole write, and not ours to remove; the second ratio
 * says what Holdfast's own code costs over the platform minimum for a Worker that serves an app.
 *
 * Also the resident memory of each server's workerd before and after each load run (is anything
 * kept per request or per session?), and the size of the Worker a new isolate starts.
 * Loopback only; bounded in requests and time. Run by `npm run bench`.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { RecruiterApi, TEXT_QUESTION } from '../test/e2e/recruiter-api.ts';
import { freePort, startHoldfast, tempDir } from '../test/e2e/support.ts';
import { type DevServer, ROOT, runWrangler, startDevServer } from './dev-server.ts';

// Enough unanswered questions for every round's text answers (an interview has at most 50 questions).
const SESSIONS = 100;
const TEXT_QUESTIONS = 49;
// BENCH_WRITES_QUICK=1: one short round of each, to try a change; the figures to quote come without it.
const QUICK = process.env.BENCH_WRITES_QUICK === '1';
const ROUNDS = QUICK ? 1 : 5;
const CONCURRENCY = [8, 32] as const;
const REQUESTS = { answer: 200, chunk: 160 } as const;
const CHUNK_BYTES = 50 * 1024;
const LOAD_RUNS = QUICK ? 1 : 2;

type Path = keyof typeof REQUESTS;

interface Session {
  id: string;
  deviceToken: string;
  textQuestions: string[];
  videoQuestion: string;
  segmentId: string;
  nextSeq: number;
}

const chunkBytes = randomBytes(CHUNK_BYTES);
const chunkSha256 = createHash('sha256').update(chunkBytes).digest('hex');

/** Each text answer goes to a question not answered yet, so every request is a real write. */
function nextAnswerSlot(sessions: Session[], n: number): { session: Session; questionId: string } {
  for (let i = 0; i < sessions.length; i++) {
    const session = sessions[(n + i) % sessions.length]!;
    const questionId = session.textQuestions.pop();
    if (questionId) return { session, questionId };
  }
  throw new Error('the bench ran out of unanswered questions: raise SESSIONS');
}

function oursSend(url: string, path: Path, sessions: Session[]): (n: number) => Promise<Response> {
  if (path === 'answer') {
    return (n) => {
      const { session, questionId } = nextAnswerSlot(sessions, n);
      return fetch(`${url}/api/candidate/answers`, {
        method: 'POST',
        headers: { authorization: `Bearer ${session.deviceToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ clientId: crypto.randomUUID(), questionId, value: 'A few honest sentences about why this role fits.' }),
      });
    };
  }
  return (n) => {
    const session = sessions[n % sessions.length]!;
    const seq = session.nextSeq++;
    return fetch(`${url}/api/candidate/recordings/${session.segmentId}/chunks/${seq}`, {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${session.deviceToken}`,
        'x-answer-id': session.videoQuestion,
        'x-media-type': 'video/webm',
        'x-chunk-sha256': chunkSha256,
        'content-type': 'application/octet-stream',
      },
      body: chunkBytes,
    });
  };
}

function bareSend(url: string, path: Path, sessions: Session[]): (n: number) => Promise<Response> {
  const seqs = new Map<string, number>();
  if (path === 'answer') {
    return (n) => {
      const session = sessions[n % sessions.length]!;
      return fetch(`${url}/s/${session.id}/answers`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ clientId: crypto.randomUUID(), questionId: `q${n}`, value: 'A few honest sentences about why this role fits.' }),
      });
    };
  }
  return (n) => {
    const session = sessions[n % sessions.length]!;
    const seq = seqs.get(session.id) ?? 0;
    seqs.set(session.id, seq + 1);
    return fetch(`${url}/s/${session.id}/chunks/${session.segmentId}/${seq}`, { method: 'PUT', body: chunkBytes });
  };
}

let retried = 0;

/** `count` requests, `concurrency` in flight at a time; requests per second (throws on a failure). */
async function load(count: number, concurrency: number, send: (n: number) => Promise<Response>): Promise<number> {
  let next = 0;
  let failure: string | null = null;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const n = next++;
        const res = await send(n).catch((err: unknown) => {
          // A keep-alive connection the server closed just as it was reused: every write here
          // is idempotent or fresh, so sending it again is what a device would do.
          if (err instanceof TypeError && String((err.cause as { code?: string } | undefined)?.code).startsWith('UND_ERR_SOCKET')) {
            retried++;
            return send(n);
          }
          throw err;
        });
        const body = await res.text();
        if (res.status !== 200) failure ??= `${res.status} ${body.slice(0, 200)}`;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  if (failure) throw new Error(`a request failed: ${failure}`);
  return count / seconds;
}

/**
 * The CPU time (user and system, in clock ticks) the workerd processes of a `wrangler dev` have
 * used: per request, it says what each server spends, whatever else the machine is doing, which
 * the throughput alone cannot when other work shares the cores.
 */
function workerdCpuTicks(server: DevServer): number {
  let ticks = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) !== server.process.pid || !stat.includes('(workerd)')) continue;
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      /* the process ended while we looked */
    }
  }
  return ticks;
}
/** Linux reports CPU time in ticks of 1/100 s (USER_HZ). */
const MS_PER_TICK = 10;

/** The resident memory of the workerd processes a `wrangler dev` started (they share its process group). */
function workerdRssMiB(server: DevServer): number {
  let kib = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) !== server.process.pid || !stat.includes('(workerd)')) continue;
      kib += Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)?.[1] ?? 0);
    } catch {
      /* the process ended while we looked */
    }
  }
  return kib / 1024;
}

async function candidateSessions(url: string): Promise<Session[]> {
  const recruiter = await RecruiterApi.register(url, 'bench-writes');
  const interview = await recruiter.interview([
    { type: 'video', title: 'Introduce yourself', prompt: 'Who are you?', maxAnswerSeconds: 600, thinkTimeSeconds: 0, attempts: 1, mayReviewTake: false },
    ...Array.from({ length: TEXT_QUESTIONS }, (_, i) => ({ ...TEXT_QUESTION, title: `${TEXT_QUESTION.title} (${i + 1})` })),
  ]);
  const [videoQuestion, ...textQuestions] = interview.questionIds;
  const sessions: Session[] = [];
  for (let i = 0; i < SESSIONS; i++) {
    const email = `bench-${i}-${crypto.randomUUID().slice(0, 6)}@bench.test`;
    const { inviteUrl, sessionId } = await recruiter.addCandidate(interview.id, `Bench ${i}`, email);
    const token = new URL(inviteUrl).pathname.split('/').pop();
    const res = await fetch(`${url}/api/links/${token}/start`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email }) });
    if (res.status !== 201) throw new Error(`starting a bench session answered ${res.status}: ${await res.text()}`);
    const { deviceToken } = (await res.json()) as { deviceToken: string };
    sessions.push({
      id: sessionId,
      deviceToken,
      textQuestions: [...textQuestions],
      videoQuestion: videoQuestion!,
      segmentId: `bench-seg-${i}-${crypto.randomUUID().slice(0, 8)}`,
      nextSeq: 0,
    });
  }
  return sessions;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** The Worker a new isolate starts, and the modules it loads only on demand, from a dry-run deploy. */
export function bundleSizes(): string[] {
  const outdir = tempDir('bundle');
  runWrangler(['deploy', '--dry-run', '--outdir', outdir], { quiet: true });
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.m?js$/.test(name)) files.push(path);
    }
  };
  walk(outdir);
  const size = (path: string) => statSync(path).size;
  const gz = (path: string) => gzipSync(readFileSync(path), { level: 9 }).length;
  const main = join(outdir, 'index.js');
  const onDemand = files.filter((f) => f !== main);
  const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
  return [
    `deployed Worker: ${mib(files.reduce((n, f) => n + size(f), 0))} in ${files.length} modules, ${mib(files.reduce((n, f) => n + gz(f), 0))} gzipped`,
    `  loaded by every new isolate (main module): ${mib(size(main))}, ${mib(gz(main))} gzipped`,
    `  loaded only when a resume PDF is parsed: ${onDemand.map((f) => `${relative(outdir, f)} ${mib(size(f))}`).join(', ') || 'nothing'}`,
  ];
}

/** The servers compared, each with how its requests are made. */
interface Contender {
  label: string;
  server: DevServer;
  send: (path: Path, sessions: Session[]) => (n: number) => Promise<Response>;
}

export async function benchWritePaths(): Promise<string[]> {
  const lines: string[] = [];
  const bareServer = async (config: string, name: string) => startDevServer({ port: await freePort(), persistTo: tempDir(name), config: join(ROOT, 'scripts/bench', config) });
  // One after another: servers starting side by side can pick the same free port.
  const holdfast = await startHoldfast(tempDir('bench-writes'));
  const bare = await bareServer('wrangler.toml', 'bench-bare');
  const bareRouted = await bareServer('wrangler-assets.toml', 'bench-bare-routed');
  const ours: Contender = { label: 'ours', server: holdfast, send: (path, sessions) => oursSend(holdfast.url, path, sessions) };
  const bares: Contender[] = [
    { label: 'bare', server: bare, send: (path, sessions) => bareSend(bare.url, path, sessions) },
    { label: 'bare behind the asset router', server: bareRouted, send: (path, sessions) => bareSend(bareRouted.url, path, sessions) },
  ];
  const contenders = [ours, ...bares];
  try {
    const sessions = await candidateSessions(holdfast.url);
    // Warm-up: every session's object is started and every server has compiled its code.
    for (const path of ['answer', 'chunk'] as const) {
      for (const contender of contenders) await load(SESSIONS, 8, contender.send(path, sessions));
    }
    const rss = () => contenders.map((c) => `${c.label} ${workerdRssMiB(c.server).toFixed(0)} MiB`).join(', ');
    lines.push(`workerd RSS after warm-up: ${rss()}`);
    for (let run = 1; run <= LOAD_RUNS; run++) {
      for (const path of ['answer', 'chunk'] as const) {
        const senders = contenders.map((c) => c.send(path, sessions));
        for (const concurrency of CONCURRENCY) {
          const rates = contenders.map(() => [] as number[]);
          // Over the whole block, not only each server's own rounds: what ours defers (the D1
          // summary mirror, 10 s after an answer) runs while the others are loaded, and counts.
          const ticksBefore = contenders.map((c) => workerdCpuTicks(c.server));
          for (let round = 0; round < ROUNDS; round++) {
            // Each round starts with the next server, so none always follows the same one.
            for (let k = 0; k < contenders.length; k++) {
              const i = (round + k) % contenders.length;
              rates[i]!.push(await load(REQUESTS[path], concurrency, senders[i]!));
            }
          }
          const cpuTicks = contenders.map((c, i) => workerdCpuTicks(c.server) - ticksBefore[i]!);
          const cpuMs = (ticks: number) => ((ticks * MS_PER_TICK) / (ROUNDS * REQUESTS[path])).toFixed(2);
          const what = path === 'answer' ? 'text answer POST' : '50 KB chunk PUT';
          lines.push(
            `run ${run}, ${what}, concurrency ${concurrency} (median of ${ROUNDS} interleaved rounds of ${REQUESTS[path]}): ours ${median(rates[0]!).toFixed(0)} req/s, ${cpuMs(cpuTicks[0]!)} ms workerd CPU per request`,
          );
          for (const [i, contender] of bares.entries()) {
            const ratio = median(rates[0]!) / median(rates[i + 1]!);
            const cpuRatio = cpuTicks[i + 1]! / Math.max(cpuTicks[0]!, 1);
            lines.push(
              `  vs ${contender.label}: ${median(rates[i + 1]!).toFixed(0)} req/s, ${cpuMs(cpuTicks[i + 1]!)} ms; throughput ratio ${ratio.toFixed(2)}×, CPU ${cpuRatio.toFixed(2)}× (bare/ours, steadier when the machine is shared)`,
            );
          }
        }
      }
      lines.push(`workerd RSS after load run ${run}: ${rss()}`);
    }
    if (retried > 0) lines.push(`(${retried} request(s) sent again after the server closed a reused keep-alive connection)`);
  } finally {
    await Promise.all(contenders.map((c) => c.server.stop()));
  }
  return lines;
}

// `node scripts/bench-write-paths.ts` runs this part alone.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const line of bundleSizes()) console.log(line);
  for (const line of await benchWritePaths()) console.log(line);
}
