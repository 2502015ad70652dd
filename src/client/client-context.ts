/**
 * What every typed client shares: the transport (one per Clientset) and client-wide defaults.
 * @packageDocumentation
 */
import type { Transport } from '../rest/transport/transport.js';
import { defaultUserAgent } from '../rest/transport/user-agent.js';

/** Client-wide defaults applied to every call unless the call overrides them. */
export interface ClientDefaults {
  /** Validate objects against their kind's schema before writes (default true). */
  validateWrites: boolean;
  /** Field manager used for writes that do not name one. */
  fieldManager?: string;
  /** Largest single watch event, in bytes (default 64 MiB); a larger one ends the watch with `ResponseTooLargeError`. */
  maxWatchEventBytes?: number;
}

/** The shared state behind a Clientset and all of its group clients. */
export interface ClientContext {
  readonly transport: Transport;
  readonly defaults: ClientDefaults;
  /** The User-Agent the transport sends (the base of named copies: `<userAgent>/<component>`). */
  readonly userAgent: string;
}

/** Builds a context from a transport, optional defaults and the User-Agent the transport sends. */
export function createClientContext(transport: Transport, defaults: Partial<ClientDefaults> = {}, userAgent: string = defaultUserAgent()): ClientContext {
  return {
    transport,
    defaults: {
      validateWrites: defaults.validateWrites ?? true,
      ...(defaults.fieldManager ? { fieldManager: defaults.fieldManager } : {}),
      ...(defaults.maxWatchEventBytes !== undefined ? { maxWatchEventBytes: defaults.maxWatchEventBytes } : {}),
    },
    userAgent,
  };
}
