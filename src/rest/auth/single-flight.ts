/**
 * One shared run of an async operation: concurrent callers get the same promise until it
 * settles (credential refreshes run once however many requests need them).
 * @packageDocumentation
 */

/** Shares one in-flight run of an async operation among concurrent callers. */
export class SingleFlight<T> {
  #inflight: Promise<T> | undefined;

  /** The in-flight run, or a new one of `start` when none is running. */
  run(start: () => Promise<T>): Promise<T> {
    if (!this.#inflight) {
      const run = start();
      this.#inflight = run;
      const clear = (): void => {
        if (this.#inflight === run) this.#inflight = undefined;
      };
      run.then(clear, clear);
    }
    return this.#inflight;
  }
}
