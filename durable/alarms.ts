/**
 * Named alarms sharing the object's single alarm. Each name keeps one due time in SQLite; the
 * real alarm is always set to the earliest, and when it rings every due handler runs.
 * (The pattern of tldraw's sync worker AlarmScheduler.)
 */
const RETRY_AFTER_FAILURE_MS = 30_000;

export type AlarmHandlers<Name extends string> = Record<Name, () => Promise<void>>;

export class AlarmScheduler<Name extends string> {
  /**
   * The due times read or written so far (null: not booked). Only this class writes the table, so
   * the copy stays true; every recording chunk and every answer asks for its alarm, which was a
   * read per request. `forget` drops it (the store was erased, or a transaction rolled back).
   */
  private booked = new Map<string, number | null>();

  constructor(private readonly storage: DurableObjectStorage) {}

  forget(): void {
    this.booked.clear();
  }

  /** Asks for `name` to run at `at` or sooner: an earlier time already asked for is kept. */
  async schedule(name: Name, at: number): Promise<void> {
    const due = Math.floor(at);
    const booked = this.dueAt(name);
    // Already booked as soon or sooner: the real alarm is set at or before it, nothing to do.
    // (Each recording chunk books the cleanup a week ahead; this keeps that to one read.)
    if (booked !== null && booked <= due) return;
    this.booked.delete(name);
    this.storage.sql.exec('INSERT INTO alarms (name, due_at) VALUES (?1, ?2) ON CONFLICT (name) DO UPDATE SET due_at = min(due_at, ?2)', name, due);
    this.booked.set(name, booked === null ? due : Math.min(booked, due));
    await this.arm();
  }

  /** Forgets `name` (a take-home submitted before its deadline); the real alarm moves to the next one. */
  async cancel(name: Name): Promise<void> {
    if (this.dueAt(name) === null) return;
    this.booked.delete(name);
    this.storage.sql.exec('DELETE FROM alarms WHERE name = ?', name);
    this.booked.set(name, null);
    await this.arm();
  }

  dueAt(name: Name): number | null {
    const known = this.booked.get(name);
    if (known !== undefined) return known;
    const due = this.storage.sql.exec<{ due_at: number }>('SELECT due_at FROM alarms WHERE name = ?', name).toArray()[0]?.due_at ?? null;
    this.booked.set(name, due);
    return due;
  }

  /**
   * Runs every handler that is due. The runtime only rings at or after the time asked for, so
   * when nothing looks due (a clock step, or a test ringing it early) the earliest one runs.
   * A handler's row is removed before it runs, so it may schedule itself again; one that throws
   * is retried later without holding the others back.
   */
  async run(handlers: AlarmHandlers<Name>, now = Date.now()): Promise<void> {
    const rows = this.storage.sql.exec<{ name: string; due_at: number }>('SELECT name, due_at FROM alarms ORDER BY due_at').toArray();
    const due = rows.filter((r) => r.due_at <= now);
    if (due.length === 0 && rows[0]) due.push(rows[0]);
    for (const row of due) {
      this.booked.delete(row.name);
      this.storage.sql.exec('DELETE FROM alarms WHERE name = ?', row.name);
      this.booked.set(row.name, null);
      if (!Object.hasOwn(handlers, row.name)) {
        console.error(JSON.stringify({ level: 'warn', message: `dropping alarm with no handler: ${row.name}` }));
        continue;
      }
      try {
        await handlers[row.name as Name]();
      } catch (err) {
        console.error(JSON.stringify({ level: 'error', alarm: row.name, message: String(err) }));
        await this.schedule(row.name as Name, Date.now() + RETRY_AFTER_FAILURE_MS);
      }
    }
    await this.arm();
  }

  private async arm(): Promise<void> {
    const current = await this.storage.getAlarm();
    // Read after the await: a schedule() that ran meanwhile is then included, so whichever call
    // sets the alarm last sets it to the true earliest.
    const earliest = this.storage.sql.exec<{ at: number | null }>('SELECT min(due_at) AS at FROM alarms').one().at;
    if (earliest === null) {
      if (current !== null) await this.storage.deleteAlarm();
    } else if (current !== earliest) {
      await this.storage.setAlarm(earliest);
    }
  }
}
