import { describe, expect, it } from 'vitest';
import { outputMatches } from '../../app/src/code/runner';

describe('outputMatches: the one rule tests compare output by', () => {
  it('ignores trailing whitespace of each line and at the end', () => {
    expect(outputMatches('1\n2\n', '1   \n2')).toBe(true);
    expect(outputMatches('a b', 'a b\t\n\n\n')).toBe(true);
    expect(outputMatches('line\r\nnext\r\n', 'line\nnext')).toBe(true);
    expect(outputMatches('', '\n  \n')).toBe(true);
  });

  it('keeps leading whitespace, inner whitespace, blank lines in between and case', () => {
    expect(outputMatches('  x', 'x')).toBe(false);
    expect(outputMatches('a b', 'a  b')).toBe(false);
    expect(outputMatches('1\n\n2', '1\n2')).toBe(false);
    expect(outputMatches('Yes', 'yes')).toBe(false);
    expect(outputMatches('42', '')).toBe(false);
    expect(outputMatches('\n1', '1')).toBe(false);
  });
});
