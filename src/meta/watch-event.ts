import type { Status } from './object.js';

/** A typed watch event. `ERROR` events are turned into thrown `ApiError`s by the client. */
export type WatchEvent<T> =
  | { type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: T }
  | { type: 'BOOKMARK'; object: T };

/** A raw watch event line as the server sends it. */
export interface RawWatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: unknown | Status;
}
