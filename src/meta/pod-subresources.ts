/**
 * Bodies and options of the Pod subresources the typed Pod client offers: `eviction`
 * (`policy/v1` Eviction), `binding` (core `v1` Binding) and `log` (`PodLogOptions`).
 * Hand-written because the generic client needs them below the generated code.
 * @packageDocumentation
 */
import type { CallOptions, DeleteOptions } from './options.js';

/** Options of an eviction: the delete options the eviction applies, and dryRun. */
export type EvictOptions = DeleteOptions;

/** The object a Pod is bound to: a Node (`v1` ObjectReference). */
export interface BindingTarget {
  /** Name of the Node. */
  name: string;
  /** Kind of the target; the server accepts `Node` (the default). */
  kind?: string;
  apiVersion?: string;
}

/** Options of a binding: the same as a create. */
export interface BindOptions extends CallOptions {
  dryRun?: boolean;
  fieldManager?: string;
}

/** Query options of `pods/{name}/log` (core `v1` PodLogOptions). */
export interface PodLogOptions extends CallOptions {
  /** The container to read; required when the Pod has more than one. */
  container?: string;
  /** Keep the stream open and follow new lines (use `streamLogs`). */
  follow?: boolean;
  /** The previous terminated instance of the container. */
  previous?: boolean;
  /** Only lines newer than this many seconds. */
  sinceSeconds?: number;
  /** Only lines after this RFC 3339 time. */
  sinceTime?: string;
  /** Prefix each line with its RFC 3339 timestamp. */
  timestamps?: boolean;
  /** Only the last this many lines. */
  tailLines?: number;
  /** Stop after this many bytes. */
  limitBytes?: number;
  /** Which log stream to return: `All`, `Stdout` or `Stderr` (server default `All`). */
  stream?: 'All' | 'Stdout' | 'Stderr';
  /** Do not verify the kubelet's serving certificate (as kubectl's `--insecure-skip-tls-verify-backend`). */
  insecureSkipTLSVerifyBackend?: boolean;
}
