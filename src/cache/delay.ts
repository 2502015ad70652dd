/**
 * An abortable sleep that leaves no timer behind.
 * @packageDocumentation
 */

/**
 * Resolves after `ms` milliseconds, or as soon as `signal` aborts (never rejects). Either way
 * the timer and the abort listener are released.
 * @returns true when the full delay elapsed, false when aborted
 */
export function delay(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise<boolean>((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
