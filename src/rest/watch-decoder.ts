/**
 * Decodes a watch stream: newline-delimited JSON `{type, object}` events. `ERROR` events become
 * `ApiError`s; a stream that ends in the middle of an event is reported, not silently dropped.
 * @packageDocumentation
 */
import { isStatus, type Status } from '../meta/object.js';
import type { RawWatchEvent } from '../meta/watch-event.js';
import { ApiError, DecodeError, type RequestContext } from './errors.js';

const eventTypes = new Set(['ADDED', 'MODIFIED', 'DELETED', 'BOOKMARK', 'ERROR']);

function parseEvent(line: string, ctx: RequestContext): RawWatchEvent {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch (cause) {
    throw new DecodeError('undecodable watch event', { cause, request: ctx, body: line });
  }
  const ev = parsed as Partial<RawWatchEvent> | null;
  if (!ev || typeof ev !== 'object' || typeof ev.type !== 'string' || !eventTypes.has(ev.type) || typeof ev.object !== 'object' || ev.object === null) {
    throw new DecodeError('watch event without a known type and an object', { request: ctx, body: line });
  }
  return ev as RawWatchEvent;
}

/** Splits a byte stream into decoded watch events; throws `ApiError` on an `ERROR` event. */
export async function* decodeWatchStream(chunks: AsyncIterable<Uint8Array>, ctx: RequestContext): AsyncGenerator<RawWatchEvent> {
  const decoder = new TextDecoder();
  let buffered = '';
  for await (const chunk of chunks) {
    buffered += decoder.decode(chunk, { stream: true });
    let newline: number;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, newline).trim();
      buffered = buffered.slice(newline + 1);
      if (line) yield checkError(parseEvent(line, ctx), ctx);
    }
  }
  buffered += decoder.decode();
  const rest = buffered.trim();
  if (rest) {
    // The last event has no trailing newline: accept it only when it is complete JSON.
    yield checkError(parseEvent(rest, ctx), ctx);
  }
}

function checkError(ev: RawWatchEvent, ctx: RequestContext): RawWatchEvent {
  if (ev.type !== 'ERROR') return ev;
  const status: Status = isStatus(ev.object) ? ev.object : { kind: 'Status', status: 'Failure', message: 'watch error event', code: 500, reason: 'InternalError' };
  throw new ApiError(status, ctx);
}
