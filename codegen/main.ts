/**
 * The `koord-gen` program: reads CRDs (files, directories, a cluster), generates, then writes or
 * checks the output directory. Returns the exit code instead of exiting, so it can be tested.
 * @packageDocumentation
 */
import { relative, resolve, sep } from 'node:path';
import { parseCliArgs, UsageError, USAGE } from './cli-args.js';
import type { LoadedCrd } from './crd.js';
import type { ClusterOptions } from './from-cluster.js';
import { generate } from './generate.js';
import { InputError } from './input-error.js';
import { loadCrds } from './load-crds.js';
import { loadEnumOverlay } from './kube-enums.js';
import { loadOpenApi } from './load-openapi.js';
import type { LoadedOpenApi } from './openapi.js';
import { loadTypeMap } from './type-map.js';
import { isPackageSpecifier, type Runtime } from './runtime-imports.js';
import { formatWarning, WarningSink } from './warnings.js';
import { diffOutput, writeOutput } from './write-output.js';

/** Exit codes of `koord-gen`. */
export const ExitCode = {
  Ok: 0,
  Drift: 1,
  BadInput: 2,
  InternalError: 3,
} as const;

/** Where the program writes, and what it uses to reach a cluster (replaceable in tests). */
export interface MainIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Lists the CRDs of a cluster; the real one is loaded lazily when absent. */
  loadClusterCrds?(options: ClusterOptions): Promise<LoadedCrd[]>;
  /** Reads the OpenAPI v3 documents of a cluster; the real one is loaded lazily when absent. */
  loadClusterOpenApi?(options: ClusterOptions & { skipGroups: ReadonlySet<string> }): Promise<LoadedOpenApi[]>;
}

async function clusterOpenApi(io: MainIo, options: ClusterOptions & { skipGroups: ReadonlySet<string> }): Promise<LoadedOpenApi[]> {
  if (io.loadClusterOpenApi) return io.loadClusterOpenApi(options);
  const { loadClusterOpenApi } = await import('./from-cluster-openapi.js');
  return loadClusterOpenApi(options);
}

async function clusterCrds(io: MainIo, options: ClusterOptions): Promise<LoadedCrd[]> {
  if (io.loadClusterCrds) return io.loadClusterCrds(options);
  const { loadClusterCrds } = await import('./from-cluster.js');
  return loadClusterCrds(options);
}

/**
 * The runtime of `--runtime`: a package specifier as is; a path is resolved against the working
 * directory and made relative to the output directory, so relative imports work wherever
 * `--out` is.
 */
export function resolveRuntime(runtime: string, out: string, cwd: string = process.cwd()): Runtime {
  if (isPackageSpecifier(runtime)) return { kind: 'package', specifier: runtime };
  const dir = relative(resolve(cwd, out), resolve(cwd, runtime)).split(sep).join('/');
  return { kind: 'source', dir: dir === '' ? '.' : dir };
}

/** Runs `koord-gen` with `argv` (arguments only) and returns its exit code. */
export async function main(argv: readonly string[], io: MainIo): Promise<number> {
  let options;
  try {
    options = parseCliArgs(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.stderr(`koord-gen: ${err.message}\n\n${USAGE}`);
    return ExitCode.BadInput;
  }
  if ('help' in options) {
    io.stdout(USAGE);
    return ExitCode.Ok;
  }
  const started = performance.now();
  const sink = new WarningSink();
  try {
    let crds = await loadCrds(options.inputs, sink);
    if (options.fromCluster) {
      const fromCluster = await clusterCrds(io, {
        ...(options.kubeconfig !== undefined ? { kubeconfig: options.kubeconfig } : {}),
        ...(options.context !== undefined ? { context: options.context } : {}),
      });
      const known = new Map(crds.map((c) => [c.crd.metadata.name, c.source]));
      for (const c of fromCluster) {
        const file = known.get(c.crd.metadata.name);
        if (file !== undefined) throw new InputError(`${c.source}: CRD ${c.crd.metadata.name} is also defined in ${file}`);
      }
      crds = [...crds, ...fromCluster];
    }
    if (options.groups.length > 0) {
      const wanted = new Set(options.groups);
      for (const g of wanted) {
        if (!crds.some((c) => c.crd.spec.group === g)) sink.warn({ source: g, message: 'no CRD of this group was found' });
      }
      crds = crds.filter((c) => wanted.has(c.crd.spec.group));
    }
    let openapi = await loadOpenApi(options.openapi);
    if (options.fromCluster && options.builtin) {
      openapi = [
        ...openapi,
        ...(await clusterOpenApi(io, {
          // Custom resource groups come from their CRDs, not from the cluster's OpenAPI.
          skipGroups: new Set(crds.map((c) => c.crd.spec.group)),
          ...(options.kubeconfig !== undefined ? { kubeconfig: options.kubeconfig } : {}),
          ...(options.context !== undefined ? { context: options.context } : {}),
        })),
      ];
    }
    if (crds.length === 0 && openapi.length === 0) {
      const asked = options.openapi.length > 0 || options.builtin;
      throw new InputError(asked ? 'no CustomResourceDefinition or OpenAPI document with resources found in the inputs' : 'no CustomResourceDefinition found in the inputs');
    }
    const enums = options.openapiEnums !== undefined ? await loadEnumOverlay(options.openapiEnums) : undefined;
    const typeMap = options.typeMap !== undefined ? await loadTypeMap(options.typeMap) : undefined;

    const result = generate(
      crds.map((c) => c.crd),
      {
        primaryDomain: options.primaryDomain,
        ...(openapi.length > 0 ? { openapi } : {}),
        ...(enums !== undefined ? { enums } : {}),
        ...(typeMap !== undefined ? { typeMap } : {}),
        runtime: resolveRuntime(options.runtime, options.out),
      },
    );
    for (const w of [...sink.warnings, ...result.warnings]) io.stderr(`koord-gen: warning: ${formatWarning(w)}\n`);

    if (options.check) {
      const diff = await diffOutput(result.files, options.out);
      const lines = [
        ...diff.changed.map((p) => `  changed: ${p}`),
        ...diff.missing.map((p) => `  missing: ${p}`),
        ...diff.extra.map((p) => `  extra:   ${p}`),
      ];
      if (lines.length > 0) {
        io.stderr(`koord-gen: ${options.out} is out of date (run the generator without --check):\n${lines.join('\n')}\n`);
        return ExitCode.Drift;
      }
      io.stdout(`koord-gen: ${options.out} is up to date (${result.files.size} files from ${crds.length} CRDs${openapi.length > 0 ? ` and ${openapi.length} OpenAPI documents` : ''})\n`);
      return ExitCode.Ok;
    }
    const summary = await writeOutput(result.files, options.out);
    for (const p of summary.foreign) io.stderr(`koord-gen: warning: ${options.out}/${p} is not generated; remove it from the output directory\n`);
    const ms = Math.round(performance.now() - started);
    io.stdout(
      `koord-gen: ${result.files.size} files from ${crds.length} CRDs${openapi.length > 0 ? ` and ${openapi.length} OpenAPI documents` : ''} in ${ms} ms ` +
        `(${summary.written.length} written, ${summary.unchanged} unchanged, ${summary.removed.length} removed) in ${options.out}\n`,
    );
    return ExitCode.Ok;
  } catch (err) {
    for (const w of sink.warnings) io.stderr(`koord-gen: warning: ${formatWarning(w)}\n`);
    if (err instanceof InputError) {
      io.stderr(`koord-gen: error: ${err.message}\n`);
      return ExitCode.BadInput;
    }
    io.stderr(`koord-gen: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return ExitCode.InternalError;
  }
}
