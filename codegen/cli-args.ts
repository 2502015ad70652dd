/**
 * Parses the `koord-gen` command line.
 * @packageDocumentation
 */
import { parseArgs } from 'node:util';
import { DEFAULT_PRIMARY_DOMAIN } from './naming.js';
import { DEFAULT_RUNTIME_PACKAGE, isPackageSpecifier } from './runtime-imports.js';

/** Usage text printed by `--help` and after a usage error. */
export const USAGE = `Usage: koord-gen <file-or-dir>... --out <dir> [options]

Generates a typed clientset from CustomResourceDefinitions (YAML or JSON files, or
directories searched recursively; multi-document files are fine).

Options:
  --out <dir>               output directory (required); anywhere, created if missing
  --runtime <spec>          where the generated code imports the runtime from: a package name
                            (default ${DEFAULT_RUNTIME_PACKAGE}; zod and the schema helpers come from
                            its /schema subpath), or a path starting with ./ ../ or / to the
                            runtime's source directory (relative imports, as this repository's
                            own src/generated uses)
  --check                   do not write: exit 1 if <dir> differs from what would be generated
  --primary-domain <d>      groups under <d> get short accessors (default ${DEFAULT_PRIMARY_DOMAIN})
  --from-cluster            also read the CRDs of a live cluster
  --kubeconfig <path>       kubeconfig for --from-cluster (default KUBECONFIG or ~/.kube/config)
  --context <name>          kubeconfig context for --from-cluster
  --group <g>               only generate CRD group <g> (repeatable)
  --openapi <file-or-dir>   also generate the built-in kinds of OpenAPI v3 documents (JSON, as
                            kube-apiserver serves them at /openapi/v3/...; repeatable): named
                            types shared across groups, KubeClientset, GenericClientset
  --builtin                 with --from-cluster: also read the cluster's /openapi/v3 documents
  --openapi-enums <file>    YAML map '<component>.<property>': [values] of known string values
  --type-map <file>         YAML list of { crd, path, type }: CRD fields typed as built-in types
  -h, --help                show this help

Exit codes: 0 success, 1 --check found drift, 2 bad input or usage, 3 internal error.
`;

/** The parsed command line. */
export interface CliOptions {
  readonly inputs: readonly string[];
  readonly out: string;
  readonly check: boolean;
  readonly primaryDomain: string;
  readonly fromCluster: boolean;
  readonly kubeconfig?: string;
  readonly context?: string;
  /** Groups to keep; empty means all. */
  readonly groups: readonly string[];
  /** OpenAPI v3 files or directories. */
  readonly openapi: readonly string[];
  /** With `fromCluster`: read the cluster's OpenAPI v3 too. */
  readonly builtin: boolean;
  readonly openapiEnums?: string;
  readonly typeMap?: string;
  /** `--runtime`: a package specifier, or a path (`./src`) to the runtime's source directory. */
  readonly runtime: string;
}

/** The command line asks for help. */
export interface HelpRequest {
  readonly help: true;
}

/** A command line that cannot be used; the message says why. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Parses `argv` (without the node and script paths). */
export function parseCliArgs(argv: readonly string[]): CliOptions | HelpRequest {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        out: { type: 'string' },
        check: { type: 'boolean' },
        'primary-domain': { type: 'string' },
        'from-cluster': { type: 'boolean' },
        kubeconfig: { type: 'string' },
        context: { type: 'string' },
        group: { type: 'string', multiple: true },
        openapi: { type: 'string', multiple: true },
        builtin: { type: 'boolean' },
        'openapi-enums': { type: 'string' },
        'type-map': { type: 'string' },
        runtime: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const v = parsed.values;
  if (v.help) return { help: true };
  if (v.out === undefined || v.out === '') throw new UsageError('--out <dir> is required');
  const fromCluster = v['from-cluster'] === true;
  const openapi = v.openapi ?? [];
  if (parsed.positionals.length === 0 && !fromCluster && openapi.length === 0) throw new UsageError('give at least one CRD file or directory, --openapi, or --from-cluster');
  if (v.builtin === true && !fromCluster) throw new UsageError('--builtin needs --from-cluster (for files, use --openapi)');
  if (!fromCluster && (v.kubeconfig !== undefined || v.context !== undefined)) throw new UsageError('--kubeconfig and --context need --from-cluster');
  const runtime = v.runtime ?? DEFAULT_RUNTIME_PACKAGE;
  if (runtime === '') throw new UsageError('--runtime needs a package name or a path');
  if (isPackageSpecifier(runtime) && !/^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*(\/[\w.-]+)*$/i.test(runtime)) {
    throw new UsageError(`--runtime ${JSON.stringify(runtime)} is neither a package name nor a path (start a path with ./, ../ or /)`);
  }
  return {
    inputs: parsed.positionals,
    out: v.out,
    check: v.check === true,
    primaryDomain: v['primary-domain'] ?? DEFAULT_PRIMARY_DOMAIN,
    fromCluster,
    ...(v.kubeconfig !== undefined ? { kubeconfig: v.kubeconfig } : {}),
    ...(v.context !== undefined ? { context: v.context } : {}),
    groups: v.group ?? [],
    openapi,
    builtin: v.builtin === true,
    ...(v['openapi-enums'] !== undefined ? { openapiEnums: v['openapi-enums'] } : {}),
    ...(v['type-map'] !== undefined ? { typeMap: v['type-map'] } : {}),
    runtime,
  };
}
