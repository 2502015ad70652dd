/**
 * `RetryExhaustedError`: the server could not be reached on any of the attempts the retry budget
 * allowed. It is a `NetworkError` (so `instanceof NetworkError` still holds and `errorCode` /
 * `notSent` describe the last attempt) that also lists every attempt and why it failed.
 * @packageDocumentation
 */
import { NetworkError, type RequestContext } from '../errors.js';
import { describeAttempts, type RetryAttempt } from './retry-attempts.js';

/** Every attempt of a call failed to reach the server and the retry budget is spent. */
export class RetryExhaustedError extends NetworkError {
  /** The stable name `instanceof` matches across copies of the package. */
  static override readonly errorKind: string = 'RetryExhaustedError';
  /** Each attempt, in order, with why it failed and how long the client waited after it. */
  readonly attempts: readonly RetryAttempt[];
  /** The error of the last attempt (also `cause`). */
  readonly lastError: NetworkError;

  /**
   * @param lastError - the failure of the last attempt
   * @param attempts - every attempt of the call, the last one included
   * @param request - what the call was about (the last error's context by default)
   */
  constructor(lastError: NetworkError, attempts: readonly RetryAttempt[], request: RequestContext | undefined = lastError.request) {
    const options: ConstructorParameters<typeof NetworkError>[1] = { cause: lastError, notSent: lastError.notSent };
    if (request) options.request = request;
    if (lastError.errorCode !== undefined) options.errorCode = lastError.errorCode;
    super(`gave up after ${attempts.length} attempt${attempts.length === 1 ? '' : 's'}: ${describeAttempts(attempts)}`, options);
    // NetworkError fixes `name` to 'NetworkError' in its type; the instance reports its own class.
    Object.defineProperty(this, 'name', { value: 'RetryExhaustedError', enumerable: false, configurable: true, writable: false });
    this.attempts = Object.freeze([...attempts]);
    this.lastError = lastError;
  }
}
