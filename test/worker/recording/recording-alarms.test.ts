import { env, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { AlarmScheduler } from '../../../durable/alarms';
import { sessionStub } from '../../../worker/sessions';
import { seedSession } from '../support/helpers';

type Name = 'early' | 'late' | 'failing';

/** Runs `work` against a scheduler on a real session object's storage, with no alarms booked yet. */
async function withScheduler<T>(work: (scheduler: AlarmScheduler<Name>, storage: DurableObjectStorage) => Promise<T>): Promise<T> {
  const { sessionId } = await seedSession('alarms');
  return runInDurableObject(sessionStub(env, sessionId), async (_instance, state) => {
    state.storage.sql.exec('DELETE FROM alarms');
    await state.storage.deleteAlarm();
    return work(new AlarmScheduler<Name>(state.storage), state.storage);
  });
}

describe('named alarms sharing the one real alarm', () => {
  it('sets the real alarm to the earliest, and keeps an earlier time when asked for a later one', async () => {
    await withScheduler(async (alarms, storage) => {
      const now = Date.now();
      await alarms.schedule('late', now + 60_000);
      await alarms.schedule('early', now + 10_000);
      await alarms.schedule('early', now + 50_000);
      expect(alarms.dueAt('early')).toBe(now + 10_000);
      expect(await storage.getAlarm()).toBe(now + 10_000);
    });
  });

  it('runs only what is due, then arms the next one', async () => {
    await withScheduler(async (alarms, storage) => {
      const now = Date.now();
      const ran: Name[] = [];
      await alarms.schedule('early', now - 1);
      await alarms.schedule('late', now + 60_000);
      await alarms.run({ early: async () => void ran.push('early'), late: async () => void ran.push('late'), failing: async () => {} }, now);
      expect(ran).toEqual(['early']);
      expect(alarms.dueAt('early')).toBeNull();
      expect(await storage.getAlarm()).toBe(now + 60_000);
    });
  });

  it('retries a handler that throws later, without holding the others back', async () => {
    await withScheduler(async (alarms, storage) => {
      const now = Date.now();
      const ran: Name[] = [];
      await alarms.schedule('failing', now - 2);
      await alarms.schedule('early', now - 1);
      await alarms.run(
        {
          failing: async () => {
            throw new Error('R2 is down');
          },
          early: async () => void ran.push('early'),
          late: async () => {},
        },
        now,
      );
      expect(ran).toEqual(['early']);
      expect(alarms.dueAt('failing')).toBeGreaterThan(now);
      expect(await storage.getAlarm()).toBe(alarms.dueAt('failing'));
    });
  });

  it('clears the real alarm when nothing is left, and lets a handler book itself again', async () => {
    await withScheduler(async (alarms, storage) => {
      const now = Date.now();
      await alarms.schedule('early', now - 1);
      await alarms.run({ early: async () => {}, late: async () => {}, failing: async () => {} }, now);
      expect(await storage.getAlarm()).toBeNull();

      await alarms.schedule('early', now - 1);
      await alarms.run({ early: () => alarms.schedule('early', now + 5_000), late: async () => {}, failing: async () => {} }, now);
      expect(alarms.dueAt('early')).toBe(now + 5_000);
      expect(await storage.getAlarm()).toBe(now + 5_000);
    });
  });
});
