/**
 * Generator warnings: constructs the generator cannot map faithfully, skipped documents, and
 * similar. Each names where it comes from so that it can be found in the CRD.
 * @packageDocumentation
 */

/** One warning. */
export interface Warning {
  /** The CRD name (`plural.group`) or input file the warning is about. */
  readonly source: string;
  /** The CRD version, when the warning is about one version's schema. */
  readonly version?: string;
  /** JSON path of the offending value inside an object of that version (`.spec.owners[*]`). */
  readonly path?: string;
  readonly message: string;
}

/** Collects warnings in the order they are raised, dropping exact duplicates. */
export class WarningSink {
  readonly #warnings: Warning[] = [];
  readonly #seen = new Set<string>();

  /** Records a warning. */
  warn(warning: Warning): void {
    const key = formatWarning(warning);
    if (this.#seen.has(key)) return;
    this.#seen.add(key);
    this.#warnings.push(warning);
  }

  /** The warnings recorded so far. */
  get warnings(): readonly Warning[] {
    return this.#warnings;
  }
}

/** Renders a warning as one line: `source (version) path: message`. */
export function formatWarning(w: Warning): string {
  let where = w.source;
  if (w.version !== undefined) where += ` ${w.version}`;
  if (w.path !== undefined) where += ` ${w.path}`;
  return `${where}: ${w.message}`;
}
