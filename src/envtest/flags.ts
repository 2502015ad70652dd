/**
 * Command-line flags of the envtest servers as data: defaults merged with the caller's
 * overrides, then rendered as `--name=value` arguments.
 * @packageDocumentation
 */

/**
 * The value of one flag: a string (numbers and booleans are converted), a list rendered as the
 * flag repeated once per element, or `null` to drop a default flag altogether.
 */
export type FlagValue = string | number | boolean | readonly string[] | null;

/** Flags by name; names may be written with or without the leading `--`. */
export type Flags = Readonly<Record<string, FlagValue>>;

/** Strips leading dashes and checks the name is a plausible flag name. */
export function normalizeFlagName(name: string): string {
  const bare = name.replace(/^--?/, '');
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(bare)) throw new RangeError(`invalid flag name ${JSON.stringify(name)}`);
  return bare;
}

/**
 * Merges flag maps left to right: a later map overrides a flag of an earlier one (a list
 * replaces, it does not append), `null` removes it. Order is the first appearance of each
 * name, so the rendered command line is deterministic.
 */
export function mergeFlags(...layers: readonly (Flags | undefined)[]): Record<string, FlagValue> {
  const merged = new Map<string, FlagValue>();
  for (const layer of layers) {
    if (!layer) continue;
    for (const [rawName, value] of Object.entries(layer)) {
      if (value === undefined) continue;
      merged.set(normalizeFlagName(rawName), value);
    }
  }
  const out: Record<string, FlagValue> = {};
  for (const [name, value] of merged) if (value !== null) out[name] = value;
  return out;
}

/** Renders flags as arguments: `--name=value`, a list as `--name=a --name=b`. */
export function renderFlags(flags: Flags): string[] {
  const args: string[] = [];
  for (const [rawName, value] of Object.entries(flags)) {
    if (value === null || value === undefined) continue;
    const name = normalizeFlagName(rawName);
    const values = typeof value === 'object' ? value : [String(value)];
    for (const v of values) args.push(`--${name}=${v}`);
  }
  return args;
}
