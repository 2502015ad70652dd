/**
 * Decodes a watch stream: newline-delimited JSON `{type, object}` events. `ERROR` events become
 * `ApiError`s; a stream that ends in the middle of an event is reported, not silently dropped.
 *
 * Lines are split on the newline byte as chunks arrive, and each line is decoded once, so the
 * work is linear in the size of the stream however long one line is; a line (one event) longer
 * than `maxEventBytes` fails with `ResponseTooLargeError` instead of being buffered without bound.
 * When a chunk's lines were short on average (small events), the next chunk's whole lines are
 * decoded in one piece and split as text; long lines are decoded one by one (for them, one
 * piece sliced into lines measured slower inside an informer: bench/watch-pipeline.ts).
 * @packageDocumentation
 */
import { parseJson } from '../../meta/exact-integers.js';
import { isStatus, type Status } from '../../meta/object.js';
import type { RawWatchEvent } from '../../meta/watch-event.js';
import { ApiError, DecodeError, ResponseTooLargeError, type RequestContext } from '../errors.js';

const eventTypes = new Set(['ADDED', 'MODIFIED', 'DELETED', 'BOOKMARK', 'ERROR']);

/** Default of {@link WatchDecoderOptions.maxEventBytes}: 64 MiB, far above the largest object etcd stores (1.5 MiB by default). */
export const DEFAULT_MAX_WATCH_EVENT_BYTES = 64 * 1024 * 1024;

/** Options of {@link decodeWatchStream}. */
export interface WatchDecoderOptions {
  /** Largest single event (one line), in bytes (default {@link DEFAULT_MAX_WATCH_EVENT_BYTES}). */
  maxEventBytes?: number;
}

const NEWLINE = 0x0a;
/** Average line length (bytes) under which a chunk's lines are decoded in one piece. */
const SHORT_LINE_BYTES = 2048;

function parseEvent(line: string, ctx: RequestContext): RawWatchEvent {
  let parsed: unknown;
  try {
    parsed = parseJson(line);
  } catch (cause) {
    throw new DecodeError('undecodable watch event', { cause, request: ctx, body: line });
  }
  const ev = parsed as Partial<RawWatchEvent> | null;
  if (
    !ev ||
    typeof ev !== 'object' ||
    Array.isArray(ev) ||
    typeof ev.type !== 'string' ||
    !eventTypes.has(ev.type) ||
    typeof ev.object !== 'object' ||
    ev.object === null ||
    Array.isArray(ev.object)
  ) {
    throw new DecodeError('watch event without a known type and an object', { request: ctx, body: line });
  }
  return ev as RawWatchEvent;
}

/** Splits a byte stream into decoded watch events; throws `ApiError` on an `ERROR` event. */
export async function* decodeWatchStream(chunks: AsyncIterable<Uint8Array>, ctx: RequestContext, opts: WatchDecoderOptions = {}): AsyncGenerator<RawWatchEvent> {
  for await (const batch of decodeWatchBatches(chunks, ctx, opts)) yield* batch;
}

/**
 * Splits a byte stream into decoded watch events, yielding at once every event a chunk completes
 * (never an empty batch): a consumer that handles events synchronously (an informer's reflector)
 * then pays one asynchronous step per chunk instead of one per event. An `ERROR` event, an
 * undecodable line or a line over `maxEventBytes` first yields the events before it in the
 * chunk, then throws, as {@link decodeWatchStream} does.
 */
export async function* decodeWatchBatches(chunks: AsyncIterable<Uint8Array>, ctx: RequestContext, opts: WatchDecoderOptions = {}): AsyncGenerator<RawWatchEvent[]> {
  const max = opts.maxEventBytes ?? DEFAULT_MAX_WATCH_EVENT_BYTES;
  const pending: Buffer[] = [];
  let pendingBytes = 0;
  /** The last chunk's lines were short on average: decode the next one's in one piece. */
  let shortLines = false;
  const tooLarge = (): ResponseTooLargeError => new ResponseTooLargeError('one watch event', max, ctx);
  for await (const raw of chunks) {
    const chunk = Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    const batch: RawWatchEvent[] = [];
    const take = (line: string): void => {
      const text = line.trim();
      if (text) batch.push(checkError(parseEvent(text, ctx), ctx));
    };
    let failure: unknown;
    try {
      let start = 0;
      if (pendingBytes > 0) {
        // The end of a line that began in an earlier chunk.
        const nl = chunk.indexOf(NEWLINE);
        if (nl < 0) {
          // Still no end: the whole chunk waits with the rest of the line.
          pending.push(chunk);
          pendingBytes += chunk.length;
          if (pendingBytes > max) throw tooLarge();
          start = chunk.length;
        } else {
          pending.push(chunk.subarray(0, nl));
          const line = Buffer.concat(pending, pendingBytes + nl);
          pending.length = 0;
          pendingBytes = 0;
          if (line.length > max) throw tooLarge();
          take(line.toString('utf8'));
          start = nl + 1;
        }
      }
      // The newline byte never occurs inside a multi-byte UTF-8 character: the bytes up to the
      // chunk's last newline are whole lines.
      const lastNl = start < chunk.length ? chunk.lastIndexOf(NEWLINE) : -1;
      if (lastNl >= start) {
        const bytes = lastNl - start;
        let lines = 0;
        if (shortLines && bytes <= max) {
          // Short lines (small events): one decode for them all, then split the text.
          const text = chunk.toString('utf8', start, lastNl);
          for (let at = 0; at <= text.length; lines++) {
            let end = text.indexOf('\n', at);
            if (end < 0) end = text.length;
            take(text.slice(at, end));
            at = end + 1;
          }
        } else {
          // Long lines: each decoded on its own (see the module documentation).
          for (let at = start; at <= lastNl; lines++) {
            const end = chunk.indexOf(NEWLINE, at);
            if (end - at > max) throw tooLarge();
            take(chunk.toString('utf8', at, end));
            at = end + 1;
          }
        }
        shortLines = bytes < SHORT_LINE_BYTES * lines;
        start = lastNl + 1;
      }
      if (start < chunk.length) {
        pending.push(start === 0 ? chunk : chunk.subarray(start));
        pendingBytes += chunk.length - start;
        if (pendingBytes > max) throw tooLarge();
      }
    } catch (err) {
      failure = err;
    }
    if (batch.length > 0) yield batch;
    if (failure !== undefined) throw failure;
  }
  const rest = Buffer.concat(pending, pendingBytes).toString('utf8').trim();
  if (rest) {
    // The last event has no trailing newline: accept it only when it is complete JSON.
    yield [checkError(parseEvent(rest, ctx), ctx)];
  }
}

function checkError(ev: RawWatchEvent, ctx: RequestContext): RawWatchEvent {
  if (ev.type !== 'ERROR') return ev;
  const status: Status = isStatus(ev.object) ? ev.object : { kind: 'Status', status: 'Failure', message: 'watch error event', code: 500, reason: 'InternalError' };
  throw new ApiError(status, ctx);
}
