/**
 * The errors of `koordinator-client/quantity`: a string that is not a quantity, and a computation
 * whose result cannot be represented (an int64 overflow, as Go's `Value()` would have wrapped).
 * @packageDocumentation
 */

/** Why a string is not a quantity; the three cases of apimachinery's `ParseQuantity`. */
export type QuantityParseReason =
  /** The string does not have the shape `<sign><digits>.<digits><suffix>` (Go's `ErrFormatWrong`). */
  | 'format'
  /** The numeric part has no digit where one is needed (Go's `ErrNumeric`). */
  | 'numeric'
  /** The suffix is not one of `n u m k M G T P E Ki Mi Gi Ti Pi Ei` or `e<int>` (Go's `ErrSuffix`). */
  | 'suffix';

const reasonText: Record<QuantityParseReason, string> = {
  format: "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
  numeric: 'unable to parse numeric part of quantity',
  suffix: "unable to parse quantity's suffix",
};

/** A value that the API server would not accept as a `resource.Quantity`. */
export class QuantityParseError extends Error {
  override readonly name = 'QuantityParseError';
  /** What was wrong, in the terms of apimachinery's errors. */
  readonly reason: QuantityParseReason;
  /** The rejected input (a quantity never holds a credential, so it is safe to show). */
  readonly input: unknown;
  constructor(input: unknown, reason: QuantityParseReason) {
    const shown = typeof input === 'string' ? JSON.stringify(input.length > 64 ? `${input.slice(0, 64)}…` : input) : String(input);
    super(`cannot parse ${shown} as a quantity: ${reasonText[reason]}`);
    this.reason = reason;
    this.input = input;
  }
}

/** A quantity computation whose result is too large to represent (an int64 overflow, an exponent too far apart to align). */
export class QuantityRangeError extends RangeError {
  override readonly name = 'QuantityRangeError';
}

/** True for a {@link QuantityParseError}. */
export function isQuantityParseError(err: unknown): err is QuantityParseError {
  return err instanceof QuantityParseError;
}
