// Property: the generated client is never stricter than the real kube-apiserver. For each kind
// (the Koordinator CRDs, and the synthetic lenient fixture that covers every construct), objects
// are generated from the CRD's own OpenAPI schema with a fixed seed and created on envtest with
// client-side validation off. For every object the server accepts: the object sent passes our
// write schema; the object returned passes it too, has what the generated read type promises, and
// is written back (update, validation on) without a client-side error.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../codegen/generate.js';
import { loadCrdInputs } from '../../codegen/load-crds.js';
import { installCrds } from '../../src/client/crd-installer.js';
import { ResourceClient } from '../../src/client/resource-client.js';
import { StatusResourceClient } from '../../src/client/status-resource-client.js';
import { Clientset } from '../../src/generated/clientset.js';
import { allResources } from '../../src/generated/index.js';
import type { ObjectSchema, ResourceDescriptor } from '../../src/meta/descriptor.js';
import type { KubeObject } from '../../src/meta/object.js';
import { ApiError, ValidationError } from '../../src/rest/errors.js';
import { materialize, type Materialized } from '../unit/codegen/support/materialize.js';
import { fixturesDir } from '../unit/codegen/support/paths.js';
import { envtestInfo } from './env.js';
import { freshNamespace, suffix, useCluster } from './support/cluster.js';
import { crdRootNode, kindArb, readTypeViolations } from './support/schema-arbitrary.js';

/** Objects generated per kind; with a fixed seed, the same objects on every run. */
const RUNS_PER_KIND = 20;
const SEED = 20261130;
/** Requests in flight at once. */
const BATCH = 10;

// Server warnings (unknown fields pruned, unrecognized formats) are expected here: not logged.
const cluster = useCluster(() => Clientset.create({ kubeconfig: envtestInfo().kubeconfigPath, qps: 500, burst: 1000, warningHandler: false }));
let namespace: string;
let fixture: Materialized;
let lenientKinds: ResourceDescriptor[] = [];
const runLabel = `never-stricter-${suffix()}`;

beforeAll(async () => {
  namespace = await freshNamespace(cluster.cs, 'lenient');
  const { files } = generate(await loadCrdInputs([`${fixturesDir}/lenient`]));
  fixture = await materialize(files);
  const mod = (await import(fixture.path('lenient.example.com/v1/resources.ts'))) as Record<string, ResourceDescriptor>;
  lenientKinds = [mod.gadgetResource!, mod.doohickeyResource!];
  await installCrds(cluster.cs, lenientKinds, { waitTimeoutMs: 60_000 });
}, 120_000);

afterAll(async () => {
  for (const d of [...lenientKinds, ...allResources]) {
    const client = new ResourceClient<KubeObject>(cluster.cs.ctx, d, d.namespaced ? namespace : undefined);
    await client.deleteCollection({ labelSelector: `run=${runLabel}` }).catch(() => undefined);
  }
  await fixture?.remove();
});

interface Outcome {
  accepted: number;
  rejected: number;
  /** Status writes (`/status`, kinds with a status subresource) the server accepted and rejected. */
  statusAccepted: number;
  statusRejected: number;
  /** The server's reasons for the first rejections, to tell a weak generator from a real limit. */
  reasons: string[];
  failures: string[];
}

/**
 * What the server validates of a create: with a status subresource it resets `status` first, so
 * an invalid status is accepted (and the client must not judge it either).
 */
function validatedPart(d: ResourceDescriptor, obj: Record<string, unknown>): Record<string, unknown> {
  if (!d.subresources.status) return obj;
  const { status: _status, ...rest } = obj;
  return rest;
}

function issuesOf(schema: ObjectSchema, obj: unknown, under?: string): string[] {
  const r = schema.safeParse(obj);
  if (r.success) return [];
  const issues = under === undefined ? r.error.issues : r.error.issues.filter((i) => String(i.path[0]) === under);
  return issues.map((i) => `${i.path.map(String).join('.')}: ${i.message}`);
}

function isRejection(err: unknown): err is ApiError {
  return err instanceof ApiError && (err.code === 422 || err.code === 400);
}

/** Runs a write back of an object the server returned: only a client-side ValidationError is a failure. */
async function writeBack(what: string, write: () => Promise<unknown>, problems: string[]): Promise<unknown> {
  try {
    return await write();
  } catch (err) {
    if (err instanceof ValidationError) problems.push(`${what} fails client-side: ${err.message} ${JSON.stringify(err.issues)}`);
    else if (!(err instanceof ApiError)) throw err;
    return undefined;
  }
}

async function runOne(d: ResourceDescriptor, schema: ObjectSchema, root: ReturnType<typeof crdRootNode>, body: Record<string, unknown>, i: number, out: Outcome): Promise<void> {
  const client = new StatusResourceClient<KubeObject>(cluster.cs.ctx, d, d.namespaced ? namespace : undefined);
  const name = `p${i}-${suffix()}`;
  const metadata: Record<string, unknown> = { name, labels: { run: runLabel } };
  if (i % 3 === 0) metadata.creationTimestamp = null;
  const sent = { ...body, apiVersion: `${d.group}/${d.version}`, kind: d.kind, metadata };
  let created: KubeObject;
  try {
    created = await client.create(sent as KubeObject, { validate: false });
  } catch (err) {
    if (isRejection(err)) {
      out.rejected++;
      if (out.reasons.length < 3) out.reasons.push(err.message.slice(0, 400));
      return;
    }
    throw err;
  }
  out.accepted++;
  const problems: string[] = [];
  for (const issue of issuesOf(schema, validatedPart(d, sent))) problems.push(`write schema rejects the object the server accepted: ${issue}`);
  for (const issue of issuesOf(schema, created)) problems.push(`write schema rejects the object the server returned: ${issue}`);
  for (const v of readTypeViolations(root, created)) problems.push(`read type: ${v}`);
  const updated = (await writeBack('writing back the returned object', () => client.update(created, { validate: true }), problems)) as KubeObject | undefined;
  // The status, which a create ignores, goes through /status: the same property for it.
  if (d.subresources.status && updated !== undefined && body.status !== undefined) {
    const withStatus = { ...updated, status: body.status } as KubeObject;
    let returned: KubeObject | undefined;
    try {
      returned = await client.updateStatus(withStatus, { validate: false });
      out.statusAccepted++;
    } catch (err) {
      if (!isRejection(err)) throw err;
      out.statusRejected++;
    }
    if (returned !== undefined) {
      const back = returned;
      for (const issue of issuesOf(schema, withStatus, 'status')) problems.push(`write schema rejects the status the server accepted: ${issue}`);
      for (const issue of issuesOf(schema, back)) problems.push(`write schema rejects the object /status returned: ${issue}`);
      for (const v of readTypeViolations(root, back)) problems.push(`read type after /status: ${v}`);
      await writeBack('writing back the status', () => client.updateStatus(back, { validate: true }), problems);
    }
  }
  if (problems.length > 0) out.failures.push(`${d.kind} ${JSON.stringify(sent)}\n  returned ${JSON.stringify(created)}\n  ${problems.join('\n  ')}`);
}

async function checkKind(d: ResourceDescriptor): Promise<Outcome> {
  const crd = await d.crd!();
  const root = crdRootNode(crd, d.version);
  const schema = await d.schema!();
  const samples = fc.sample(kindArb(root), { seed: SEED, numRuns: RUNS_PER_KIND });
  const out: Outcome = { accepted: 0, rejected: 0, statusAccepted: 0, statusRejected: 0, reasons: [], failures: [] };
  for (let start = 0; start < samples.length; start += BATCH) {
    await Promise.all(samples.slice(start, start + BATCH).map((body, j) => runOne(d, schema, root, body, start + j, out)));
  }
  return out;
}

describe('never stricter than the server (property, fixed seed)', () => {
  it('the synthetic lenient CRDs: every accepted object passes write validation, every returned one reads as typed and writes back', async () => {
    for (const d of lenientKinds) {
      const out = await checkKind(d);
      console.log(`[never-stricter] ${d.kind}: ${out.accepted} accepted, ${out.rejected} rejected by the server; status writes ${out.statusAccepted} accepted, ${out.statusRejected} rejected`, out.reasons);
      expect(out.failures).toEqual([]);
      // The property is only worth something if the server accepted most of what was generated.
      expect(out.accepted, d.kind).toBeGreaterThanOrEqual(RUNS_PER_KIND / 2);
    }
  }, 120_000);

  it('the Koordinator CRDs: every accepted object passes write validation, every returned one reads as typed and writes back', async () => {
    const kinds = allResources.filter((d) => d.crd !== undefined && d.schema !== undefined);
    expect(kinds.length).toBeGreaterThan(10);
    const failures: string[] = [];
    for (const d of kinds) {
      const out = await checkKind(d);
      console.log(`[never-stricter] ${d.group}/${d.version} ${d.kind}: ${out.accepted} accepted, ${out.rejected} rejected by the server; status writes ${out.statusAccepted} accepted, ${out.statusRejected} rejected`, out.reasons);
      failures.push(...out.failures);
      expect(out.accepted, `${d.kind}: the server accepted none of the generated objects`).toBeGreaterThan(0);
    }
    expect(failures).toEqual([]);
  }, 300_000);
});
