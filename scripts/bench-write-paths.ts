/**
 * The candidate write paths against a bare Worker (scripts/bench/bare-worker.ts), both under
 * `wrangler dev` on this machine, in interleaved rounds (ours, bare, ours, bare…) so that whatever
 * else the machine is doing weighs on both alike: the figure that means something is the ratio.
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

const SESSIONS = 60;
const TEXT_QUESTIONS = 49;
// BENCH_WRITES_QUICK=1: one short round of each, to try a change; the figures to quote come without it.
const QUICK = process.env.BENCH_WRITES_QUICK === '1';
const ROUNDS = QUICK ? 1 : 3;
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

export async function benchWritePaths(): Promise<string[]> {
  const lines: string[] = [];
  const holdfast = await startHoldfast(tempDir('bench-writes'));
  const bare = await startDevServer({ port: await freePort(), persistTo: tempDir('bench-bare'), config: join(ROOT, 'scripts/bench/wrangler.toml') });
  try {
    const sessions = await candidateSessions(holdfast.url);
    const senders = (path: Path) => ({ ours: oursSend(holdfast.url, path, sessions), bare: bareSend(bare.url, path, sessions) });
    // Warm-up: every session's object is started and both servers have compiled their code.
    for (const path of ['answer', 'chunk'] as const) {
      const { ours, bare: theirs } = senders(path);
      await load(SESSIONS, 8, ours);
      await load(SESSIONS, 8, theirs);
    }
    lines.push(`workerd RSS after warm-up: ours ${workerdRssMiB(holdfast).toFixed(0)} MiB, bare ${workerdRssMiB(bare).toFixed(0)} MiB`);
    for (let run = 1; run <= LOAD_RUNS; run++) {
      for (const path of ['answer', 'chunk'] as const) {
        const { ours, bare: theirs } = senders(path);
        for (const concurrency of CONCURRENCY) {
          const figures = { ours: [] as number[], bare: [] as number[] };
          const cpuTicks = { ours: 0, bare: 0 };
          for (let round = 0; round < ROUNDS; round++) {
            let before = workerdCpuTicks(holdfast);
            figures.ours.push(await load(REQUESTS[path], concurrency, ours));
            cpuTicks.ours += workerdCpuTicks(holdfast) - before;
            before = workerdCpuTicks(bare);
            figures.bare.push(await load(REQUESTS[path], concurrency, theirs));
            cpuTicks.bare += workerdCpuTicks(bare) - before;
          }
          const cpuMs = (ticks: number) => ((ticks * MS_PER_TICK) / (ROUNDS * REQUESTS[path])).toFixed(2);
          const ratio = median(figures.ours) / median(figures.bare);
          const what = path === 'answer' ? 'text answer POST' : '50 KB chunk PUT';
          lines.push(
            `run ${run}, ${what}, concurrency ${concurrency}: ours ${median(figures.ours).toFixed(0)} req/s, bare ${median(figures.bare).toFixed(0)} req/s, ratio ${ratio.toFixed(2)}× (median of ${ROUNDS} interleaved rounds of ${REQUESTS[path]})`,
            `  workerd CPU per request: ours ${cpuMs(cpuTicks.ours)} ms, bare ${cpuMs(cpuTicks.bare)} ms, bare/ours ${(cpuTicks.bare / Math.max(cpuTicks.ours, 1)).toFixed(2)}× (steadier than throughput when the machine is shared)`,
          );
        }
      }
      lines.push(`workerd RSS after load run ${run}: ours ${workerdRssMiB(holdfast).toFixed(0)} MiB, bare ${workerdRssMiB(bare).toFixed(0)} MiB`);
    }
    if (retried > 0) lines.push(`(${retried} request(s) sent again after the server closed a reused keep-alive connection)`);
  } finally {
    await Promise.all([holdfast.stop(), bare.stop()]);
  }
  return lines;
}

// `node scripts/bench-write-paths.ts` runs this part alone.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const line of bundleSizes()) console.log(line);
  for (const line of await benchWritePaths()) console.log(line);
}
