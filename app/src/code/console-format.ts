/**
 * How the sandbox's `console.log` prints values: as Node does for the common cases (strings,
 * numbers, short arrays and objects, Maps, Sets, printf placeholders), because candidates' expected
 * outputs come from running their code in Node. Long values break one item per line, which Node
 * does only for some.
 */

/** One value as Node's util.inspect shows it, in the small. */
export function inspect(value: unknown, depth = 0, seen = new Set<unknown>()): string {
  if (typeof value === 'string') return depth === 0 ? value : `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'symbol') return value.toString();
  if (typeof value === 'undefined') return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'function') return value.name ? `[Function: ${value.name}]` : '[Function (anonymous)]';
  if (typeof value !== 'object') return String(value);
  if (seen.has(value)) return '[Circular *1]';
  if (value instanceof Error) return value.stack ?? `${value.name}: ${value.message}`;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (value instanceof RegExp) return String(value);
  if (depth > 2) return Array.isArray(value) ? '[Array]' : '[Object]';
  seen.add(value);
  const inner = (v: unknown) => inspect(v, depth + 1, seen);
  let body: string[];
  let open = '{';
  let close = '}';
  let prefix = '';
  if (Array.isArray(value)) {
    body = value.map(inner);
    open = '[';
    close = ']';
  } else if (value instanceof Map) {
    prefix = `Map(${value.size}) `;
    body = [...value].map(([k, v]) => `${inner(k)} => ${inner(v)}`);
  } else if (value instanceof Set) {
    prefix = `Set(${value.size}) `;
    body = [...value].map(inner);
  } else {
    const name = Object.getPrototypeOf(value)?.constructor?.name;
    if (name && name !== 'Object') prefix = `${name} `;
    body = Object.entries(value).map(([k, v]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : `'${k}'`}: ${inner(v)}`);
  }
  seen.delete(value);
  if (body.length === 0) return `${prefix}${open}${close}`;
  const line = `${prefix}${open} ${body.join(', ')} ${close}`;
  if (line.length <= 72) return line;
  const pad = '  '.repeat(depth + 1);
  return `${prefix}${open}\n${body.map((b) => pad + b).join(',\n')}\n${'  '.repeat(depth)}${close}`;
}

export function format(args: unknown[]): string {
  const first = args[0];
  if (typeof first === 'string' && first.includes('%') && args.length > 1) {
    let i = 1;
    const head = first.replace(/%([sdifjoOc%])/g, (match, spec: string) => {
      if (spec === '%') return '%';
      if (i >= args.length) return match;
      const arg = args[i++];
      if (spec === 's') return typeof arg === 'string' ? arg : inspect(arg, 1);
      if (spec === 'd' || spec === 'i') return String(spec === 'i' ? Math.trunc(Number(arg)) : Number(arg));
      if (spec === 'f') return String(Number(arg));
      if (spec === 'j') return JSON.stringify(arg);
      if (spec === 'c') return '';
      return inspect(arg, 1);
    });
    return [head, ...args.slice(i).map((a) => inspect(a))].join(' ');
  }
  return args.map((a) => inspect(a)).join(' ');
}
