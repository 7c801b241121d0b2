import { describe, expect, it } from 'vitest';
import { format } from '../../app/src/code/console-format';

describe("the sandbox's console.log prints as Node does", () => {
  it('prints strings as they are and other values as Node inspects them', () => {
    expect(format(['a', 1, true, null, undefined])).toBe('a 1 true null undefined');
    expect(format([[1, 2, 3]])).toBe('[ 1, 2, 3 ]');
    expect(format([{ a: 1, b: 'x', 'c-d': [] }])).toBe("{ a: 1, b: 'x', 'c-d': [] }");
    expect(format([[], {}])).toBe('[] {}');
    expect(format([new Map([['k', 1]]), new Set([1])])).toBe("Map(1) { 'k' => 1 } Set(1) { 1 }");
    expect(format([-0, 10n, Symbol('s')])).toBe('-0 10n Symbol(s)');
    expect(format([{ a: { b: { c: { d: 1 } } } }])).toBe('{ a: { b: { c: [Object] } } }');
    expect(format([function named() {}, () => {}])).toBe('[Function: named] [Function (anonymous)]');
  });

  it('marks cycles', () => {
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    expect(format([cyclic])).toBe("{ name: 'loop', self: [Circular *1] }");
  });

  it('fills printf-style placeholders', () => {
    expect(format(['%s has %d items (%i%%)', 'cart', 3, 42.9])).toBe('cart has 3 items (42%)');
    expect(format(['%j', { a: [1] }])).toBe('{"a":[1]}');
    expect(format(['%o and more', [1], 'extra'])).toBe('[ 1 ] and more extra');
  });
});
