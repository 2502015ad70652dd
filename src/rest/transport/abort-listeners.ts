/**
 * One `abort` listener per signal, shared by every call that waits on it: registering and
 * unregistering a call is a `Set` operation. A long-lived signal handed to every call (the
 * Clientset's closing signal, a controller's stop signal) would otherwise get an EventTarget
 * listener added and removed per call, which costs more than the rest of a small request's
 * bookkeeping.
 * @packageDocumentation
 */

const waiting = new WeakMap<AbortSignal, Set<() => void>>();

/**
 * Runs `fn` once when `signal` aborts, unless the returned function is called first. `signal`
 * must not be aborted yet (callers check); each registration must be its own function, and must
 * not throw (the registrations of a signal run in one listener, in the order they were made).
 * @param signal - the signal to watch
 * @param fn - what to run on abort
 * @returns a function that unregisters `fn`
 */
export function onAbort(signal: AbortSignal, fn: () => void): () => void {
  let fns = waiting.get(signal);
  if (fns === undefined) {
    const registered = new Set<() => void>();
    fns = registered;
    waiting.set(signal, registered);
    signal.addEventListener(
      'abort',
      () => {
        waiting.delete(signal);
        for (const f of [...registered]) f();
        registered.clear();
      },
      { once: true },
    );
  }
  const set = fns;
  set.add(fn);
  return () => {
    set.delete(fn);
  };
}
