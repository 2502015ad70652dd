/**
 * The conformance suite's view of a server: the same cases run against the fake API server
 * (unit project) and the real kube-apiserver (e2e project) through this interface.
 */
import { randomBytes } from 'node:crypto';
import type { Clientset } from '../../src/generated/clientset.js';
import type { KubeClientset } from '../../src/generated/kube-clientset.js';

/** Which server a case runs against. */
export type BackendName = 'fake' | 'real';

/** A server the cases can talk to. */
export interface ConformanceBackend {
  readonly name: BackendName;
  /** A Clientset connected to the server (client-side validation on, as users have it). */
  readonly cs: Clientset;
  /** A KubeClientset (built-in kinds) on the same transport. */
  readonly kube: KubeClientset;
  /** Creates a fresh namespace through the API and returns its name. */
  namespace(): Promise<string>;
  /**
   * Makes every resourceVersion handed out so far too old to watch from. The fake compacts its
   * history; the real server's watch cache already starts after resourceVersion "1".
   */
  compact(): Promise<void>;
}

/** One behaviour, checked the same way on both servers. */
export interface ConformanceCase {
  /** What the server does, as a sentence. */
  readonly name: string;
  /**
   * When set, the case documents a known difference between the fake and the real server and
   * runs only on the backend it names; docs/testing.md lists every one.
   */
  readonly divergence?: { only: BackendName; why: string };
  run(b: ConformanceBackend): Promise<void>;
}

/** A short random suffix that keeps names unique on a shared server. */
export function unique(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}
