/**
 * Runs async work one at a time per key, inside one Durable Object instance.
 *
 * The object's input gate only holds other events back while storage is being touched: during
 * an R2 call another request for the same segment runs. Without this, two uploads of one chunk
 * with different bytes could both pass the "not held yet" check and the loser would overwrite
 * the winner's object. In memory is enough: an object has one live instance, and a new one
 * starts with no work in flight.
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<void>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(work);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  isBusy(key: string): boolean {
    return this.tails.has(key);
  }
}
