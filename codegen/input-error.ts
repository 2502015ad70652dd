/**
 * `InputError`: the generator's input is unusable (unreadable file, invalid YAML, malformed CRD,
 * unreachable cluster). The CLI reports it and exits with code 2.
 * @packageDocumentation
 */

/** Bad generator input; the message names the offending file or CRD. */
export class InputError extends Error {
  override readonly name = 'InputError';
}
