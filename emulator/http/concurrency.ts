// Small concurrency helpers: a per-key serializer and a per-key "one in flight" registry. Handlers await peers
// between their checks and their writes, so anything keyed by client input (an activation key, a client token)
// must be claimed synchronously before the first await.

/** Serializes work per key so the ticker and customer calls never negotiate the same connection at once. */
export class KeyedLock {
  private tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const result = (this.tails.get(key) ?? Promise.resolve()).then(fn, fn);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => this.tails.get(key) === tail && this.tails.delete(key));
    return result;
  }
}

/**
 * At most one create per key at a time. `claim` is synchronous: it either registers the caller's work (returning
 * its promise) or returns the work already in flight, which the caller awaits and then re-checks its records.
 */
export class InFlight<V = unknown> {
  private readonly running = new Map<string, { value: V; done: Promise<unknown> }>();

  /** What is in flight for the key (e.g. the winner's connection id), if anything. */
  get(key: string): { value: V; done: Promise<unknown> } | undefined {
    return this.running.get(key);
  }

  /** Registers `work` under the key (the caller checked `get` first, in the same synchronous section). */
  run<T>(key: string, value: V, work: () => Promise<T>): Promise<T> {
    if (this.running.has(key)) throw new Error(`emulator bug: ${key} is already in flight`);
    const done = Promise.resolve().then(work);
    const entry = { value, done: done.catch(() => undefined) };
    this.running.set(key, entry);
    void entry.done.then(() => this.running.get(key) === entry && this.running.delete(key));
    return done;
  }
}

/** A composite key that cannot collide however its parts are spelled. */
export const keyOf = (...parts: string[]) => JSON.stringify(parts);
