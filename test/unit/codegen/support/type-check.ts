/**
 * Type-checks a program over a materialized generated tree with the TypeScript API and returns
 * its diagnostics as `file:line message` strings relative to the tree, for `toEqual([])`.
 * @packageDocumentation
 */
import ts from 'typescript';

/** The strict NodeNext options every generated-code check shares; a test adds or overrides some. */
const baseOptions: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  skipLibCheck: true,
  noUncheckedIndexedAccess: true,
  verbatimModuleSyntax: true,
};

/** What to check and how. */
export interface TypeCheckOptions {
  /** Compiler options on top of the strict NodeNext base. */
  readonly compilerOptions: ts.CompilerOptions;
  /** Keeps only the diagnostics this returns true for (default: all). */
  readonly filter?: (d: ts.Diagnostic) => boolean;
  /** Cuts each message to this many characters (default: whole). */
  readonly maxMessageLength?: number;
}

/**
 * @param root - the tree's directory (stripped from file names)
 * @param entry - the program's root file
 * @param options - compiler options, filter, message length
 * @returns one line per diagnostic
 */
export function typeCheck(root: string, entry: string, options: TypeCheckOptions): string[] {
  const program = ts.createProgram([entry], { ...baseOptions, ...options.compilerOptions });
  const diagnostics = ts.getPreEmitDiagnostics(program).filter(options.filter ?? (() => true));
  return diagnostics.map((d) => {
    const where = d.file && d.start !== undefined ? `${d.file.fileName.replace(root, '')}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}` : '';
    return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, '\n').slice(0, options.maxMessageLength)}`;
  });
}
