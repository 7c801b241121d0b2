/**
 * Adds the lock entries npm leaves out when its registry does not serve a platform binary.
 *
 * Packages such as rollup, workerd and @napi-rs/canvas ship one optional package per platform
 * (`@rollup/rollup-darwin-arm64`, …). npm records all of them in package-lock.json, installed or
 * not — unless the registry it talks to lacks that version of a foreign platform's package, as
 * the registry mirror of our build machines sometimes does. The lock is then incomplete and
 * `npm ci` refuses it everywhere. This puts the missing entries back (version, os, cpu, libc:
 * what npm itself writes for a package it did not install), so the lock works on every platform.
 *
 *   node --experimental-strip-types scripts/complete-lockfile.ts   (after any `npm install`)
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

interface LockPackage {
  version?: string;
  dev?: boolean;
  optional?: boolean;
  os?: string[];
  cpu?: string[];
  libc?: string[];
  optionalDependencies?: Record<string, string>;
}

const lockPath = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(lockPath, 'utf8')) as { packages: Record<string, LockPackage> };
const packages = lock.packages;

/** Where Node would find `dep` from the package at `from`: its own node_modules, then each parent's. */
function resolve(from: string, dep: string): string | null {
  let base = from;
  for (;;) {
    const candidate = `${base ? `${base}/` : ''}node_modules/${dep}`;
    if (packages[candidate]) return candidate;
    if (!base) return null;
    const cut = base.lastIndexOf('/node_modules/');
    base = cut < 0 ? '' : base.slice(0, cut);
  }
}

/** os, cpu and libc as the registry states them for any version it has, else as the name says. */
function platformOf(dep: string): Pick<LockPackage, 'os' | 'cpu' | 'libc'> {
  try {
    const out = execFileSync('npm', ['view', dep, 'os', 'cpu', 'libc', '--json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const info = JSON.parse(out) as { os?: string[]; cpu?: string[]; libc?: string[] };
    if (info.os || info.cpu) return { ...(info.os ? { os: info.os } : {}), ...(info.cpu ? { cpu: info.cpu } : {}), ...(info.libc ? { libc: info.libc } : {}) };
  } catch {
    /* not on this registry at all: read the name */
  }
  const name = dep.split('/').pop()!;
  const os = ['android', 'darwin', 'freebsd', 'openbsd', 'openharmony', 'linux', 'win32', 'windows'].find((o) => name.includes(`-${o}-`) || name.endsWith(`-${o}`));
  const cpu = ['arm64', 'arm', 'x64', 'ia32', 'loong64', 'ppc64', 'riscv64', 's390x', '64'].find((c) => name.includes(`-${c}`));
  const libc = name.includes('musl') ? ['musl'] : name.includes('-gnu') ? ['glibc'] : undefined;
  return {
    ...(os ? { os: [os === 'windows' ? 'win32' : os] } : {}),
    ...(cpu ? { cpu: [cpu === '64' ? 'x64' : cpu] } : {}),
    ...(libc ? { libc } : {}),
  };
}

const platformCache = new Map<string, Pick<LockPackage, 'os' | 'cpu' | 'libc'>>();
const platform = (dep: string) => platformCache.get(dep) ?? platformCache.set(dep, platformOf(dep)).get(dep)!;

let added = 0;
for (const [path, pkg] of Object.entries({ ...packages })) {
  const optional = Object.entries(pkg.optionalDependencies ?? {});
  for (const [dep, spec] of optional) {
    const version = spec.replace(/^[\^~=]/, '');
    const found = resolve(path, dep);
    // Only exactly pinned platform binaries are ever left out; anything else is npm's business.
    if (found && packages[found]!.version === version) continue;
    if (!/^\d+\.\d+\.\d+/.test(spec) || !(platform(dep).os || platform(dep).cpu)) continue;
    // Beside a sibling npm did place when that slot is free, else in the parent's own node_modules.
    const sibling = optional.map(([d]) => [d, resolve(path, d)] as const).find(([d, at]) => at && packages[at]!.version === pkg.optionalDependencies![d]);
    const besideSibling = sibling ? `${sibling[1]!.slice(0, sibling[1]!.length - sibling[0].length)}${dep}` : null;
    const target = besideSibling && !packages[besideSibling] ? besideSibling : `${path}/node_modules/${dep}`;
    if (packages[target]) continue;
    packages[target] = { version, ...(pkg.dev ? { dev: true } : {}), optional: true, ...platform(dep) };
    added++;
  }
}

// npm writes packages in path order; keep it so the next npm install changes nothing needlessly.
lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: added ${added} optional platform entr${added === 1 ? 'y' : 'ies'}`);
