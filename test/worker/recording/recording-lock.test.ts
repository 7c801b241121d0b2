import { describe, expect, it } from 'vitest';
import { KeyedLock } from '../../../durable/keyed-lock';

/** A promise the test settles by hand, to hold a task in the middle of its work. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe('the per-segment lock', () => {
  it('runs work on one key one at a time, in arrival order, while other keys go ahead', async () => {
    const lock = new KeyedLock();
    const events: string[] = [];
    const first = gate();
    const a = lock.run('segment-a', async () => {
      events.push('a1 start');
      await first.opened;
      events.push('a1 end');
    });
    const b = lock.run('segment-a', async () => void events.push('a2 start'));
    const other = lock.run('segment-b', async () => void events.push('b start'));
    await other;
    // The other segment finished while the first task on segment-a is still held open.
    expect([...events].sort()).toEqual(['a1 start', 'b start']);
    expect(lock.isBusy('segment-a')).toBe(true);
    first.open();
    await Promise.all([a, b]);
    expect(events.filter((e) => e.startsWith('a'))).toEqual(['a1 start', 'a1 end', 'a2 start']);
    await Promise.resolve();
    expect(lock.isBusy('segment-a')).toBe(false);
  });

  it('hands each caller its own result or error, and a failure does not block the next', async () => {
    const lock = new KeyedLock();
    const failing = lock.run('segment-a', async () => {
      throw new Error('R2 refused');
    });
    const next = lock.run('segment-a', async () => 42);
    await expect(failing).rejects.toThrow('R2 refused');
    expect(await next).toBe(42);
  });
});
