/**
 * `EnvtestError`: anything that goes wrong starting, stopping or locating the test control
 * plane (missing binaries, a process that exits or never becomes ready, a bad option).
 * @packageDocumentation
 */
import { KubeClientError } from '../rest/errors.js';

/** Which envtest component an error is about. */
export type EnvtestComponent = 'etcd' | 'kube-apiserver' | 'binaries' | 'options' | 'envtest';

/**
 * An envtest failure. When a server process is involved, `outputTail` holds the last lines it
 * printed (stdout and stderr interleaved); the message repeats them for quick diagnosis. No
 * certificate key or token is ever part of it.
 */
export class EnvtestError extends KubeClientError {
  /** The stable name `instanceof` matches across copies of the package. */
  static override readonly errorKind: string = 'EnvtestError';
  override readonly name = 'EnvtestError';
  /** The component that failed. */
  readonly component: EnvtestComponent;
  /** The last lines of the failing process's output, when there was one. */
  readonly outputTail: readonly string[];
  /** Full log file of the failing process, when one was written (and not yet removed). */
  readonly logFile?: string;
  constructor(component: EnvtestComponent, message: string, options: { cause?: unknown; outputTail?: readonly string[]; logFile?: string } = {}) {
    const tail = options.outputTail ?? [];
    const details = [
      tail.length ? `\n--- last ${tail.length} lines of ${component} output ---\n${tail.join('\n')}\n--- end of ${component} output ---` : '',
      options.logFile ? `\n(full log: ${options.logFile})` : '',
    ].join('');
    super(`envtest: ${message}${details}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.component = component;
    this.outputTail = [...tail];
    if (options.logFile !== undefined) this.logFile = options.logFile;
  }
}
