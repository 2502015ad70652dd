/**
 * Annotations that carry JSON: reading them into typed payloads with a typed error on a malformed
 * value, and writing them byte for byte as Koordinator's Go code does (`json.Marshal`: compact,
 * `<`, `>`, `&`, U+2028 and U+2029 escaped), so a value read and written back is unchanged.
 * @packageDocumentation
 */
import { annotationsOf, setAnnotation, type MutableObjectWithMetadata, type ObjectWithMetadata } from './annotated-object.js';

/** An annotation (or label) whose value is not what Koordinator writes there. */
export class AnnotationParseError extends Error {
  override readonly name = 'AnnotationParseError';
  /** The annotation key. */
  readonly key: string;
  constructor(key: string, problem: string, options?: { cause?: unknown }) {
    super(`annotation ${key}: ${problem}`, options);
    this.key = key;
  }
}

/** True for an {@link AnnotationParseError}. */
export function isAnnotationParseError(err: unknown): err is AnnotationParseError {
  return err instanceof AnnotationParseError;
}

/** What JSON value a payload is at its top level. */
export type JsonKind = 'object' | 'array';

/**
 * `JSON.stringify` with the escaping of Go's `json.Marshal`, so the text is what Koordinator's
 * components write. Object keys keep their insertion order (Go writes struct fields in declaration
 * order and map keys sorted; objects read from Go's output keep that order).
 */
export function goJsonStringify(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Parses a JSON annotation value. Go's `null` decodes to the zero value, as `json.Unmarshal` into
 * a struct (object) or a slice/map does, so it yields `undefined` here.
 * @throws {AnnotationParseError} on malformed JSON or a top-level value of the wrong kind.
 */
export function parseJsonAnnotation<T>(key: string, text: string, kind: JsonKind): T | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new AnnotationParseError(key, `not valid JSON (${(err as Error).message})`, { cause: err });
  }
  if (value === null) return undefined;
  const actual = Array.isArray(value) ? 'array' : typeof value === 'object' ? 'object' : typeof value;
  if (actual !== kind) throw new AnnotationParseError(key, `expected a JSON ${kind}, got ${actual === 'object' ? 'an object' : `a ${actual}`}`);
  return value as T;
}

/** A typed JSON annotation: its key, and how to get and set it on an object. */
export interface JsonAnnotation<T> {
  /** The annotation key. */
  readonly key: string;
  /**
   * The payload, or undefined when the object does not carry the annotation.
   * @throws {AnnotationParseError} when the value is malformed.
   */
  get(obj: ObjectWithMetadata | null | undefined): T | undefined;
  /** Writes the payload as Go writes it (or removes the annotation for `undefined`); mutates `obj`. */
  set(obj: MutableObjectWithMetadata, value: T | undefined): void;
  /** Parses an annotation value. @throws {AnnotationParseError} */
  parse(text: string): T | undefined;
  /** The annotation value Go would write for this payload. */
  format(value: T): string;
}

/** Options of {@link jsonAnnotation}. */
export interface JsonAnnotationOptions<T> {
  /** What an empty value means (Koordinator reads some empty annotations as an empty payload); by default it is malformed. */
  empty?: () => T | undefined;
}

/** Defines a typed JSON annotation. */
export function jsonAnnotation<T>(key: string, kind: JsonKind, options: JsonAnnotationOptions<T> = {}): JsonAnnotation<T> {
  const parse = (text: string): T | undefined => (text === '' && options.empty ? options.empty() : parseJsonAnnotation<T>(key, text, kind));
  return {
    key,
    parse,
    format: goJsonStringify,
    get(obj) {
      const text = annotationsOf(obj)[key];
      return text === undefined ? undefined : parse(text);
    },
    set(obj, value) {
      setAnnotation(obj, key, value === undefined ? undefined : goJsonStringify(value));
    },
  };
}
