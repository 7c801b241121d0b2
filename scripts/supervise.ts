/**
 * `node supervise.ts <command> [args…]`: runs the command and makes sure it, and everything it
 * starts (wrangler runs workerd as its own child), ends when whoever started us ends — even by
 * SIGKILL, which no process can catch. dev-server.ts starts us as the leader of a new process
 * group with a pipe on our stdin: the pipe closes only when our parent is gone, whatever killed it,
 * and then we end the whole group. Our exit code is the command's.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('usage: supervise.ts <command> [args…]');
  process.exit(2);
}

const GRACE_MS = 5_000;
const parent = process.ppid;
const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
let ending = false;

/** SIGTERM to the group (the command and its children), SIGKILL to whatever is left after a grace period. */
function endGroup(): void {
  if (ending) return;
  ending = true;
  signalGroup('SIGTERM');
  setTimeout(() => signalGroup('SIGKILL'), GRACE_MS).unref();
}

function signalGroup(signal: NodeJS.Signals): void {
  try {
    process.kill(-process.pid, signal);
  } catch {
    child.kill(signal);
  }
}

// The group's SIGTERM reaches us too: it starts the ending, it does not end us before the command.
process.on('SIGTERM', endGroup);
process.on('SIGINT', endGroup);
process.stdin.on('end', endGroup);
process.stdin.on('close', endGroup);
process.stdin.on('error', endGroup);
process.stdin.resume();
// Belt and braces: a parent that is gone leaves us to another (init or a subreaper).
setInterval(() => {
  if (process.ppid !== parent) endGroup();
}, 500).unref();

/** The other processes of our group (Linux's /proc; elsewhere none are seen and none are waited for). */
function othersInGroup(): number[] {
  const pids: number[] = [];
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        // A zombie has ended already; only its parent's wait remains.
        if (Number(pgrp) === process.pid && state !== 'Z') pids.push(Number(entry));
      } catch {
        /* it ended while we looked */
      }
    }
  } catch {
    /* no /proc */
  }
  return pids;
}

child.on('exit', async (code, signal) => {
  // Whatever the command left behind in our group (workerd) goes with it before we report.
  ending = true;
  const deadline = Date.now() + GRACE_MS;
  for (let others = othersInGroup(); others.length > 0; others = othersInGroup()) {
    for (const pid of others) {
      try {
        process.kill(pid, Date.now() < deadline ? 'SIGTERM' : 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  process.exit(code ?? (signal ? 1 : 0));
});
