// The conformance suite against the fake API server (the same cases run against the real
// kube-apiserver in test/e2e/conformance-real.test.ts).
import { afterAll, beforeAll } from 'vitest';
import { ResourceClient } from '../../../src/client/resource-client.js';
import { KubeClientset } from '../../../src/generated/kube-clientset.js';
import type { KubeObject } from '../../../src/meta/object.js';
import { createFakeClientset, namespaceDescriptor } from '../../../src/testing/index.js';
import { unique, type ConformanceBackend } from '../../conformance/backend.js';
import { warmSchemas } from './support.js';
import { runConformance } from '../../conformance/run-suite.js';

// One fake per file, like the one real server per run; the namespace check is on, as on a real server.
const cs = createFakeClientset([], { requireNamespace: true });
// Loading the generated schema modules (which the client's validation loads too) is the slow
// part of a first write, the more so on a busy machine: do it once, outside the cases' timeouts.
beforeAll(() => warmSchemas(), 120_000);
afterAll(() => cs.close());

const backend: ConformanceBackend = {
  name: 'fake',
  cs,
  kube: new KubeClientset(cs.ctx),
  async namespace() {
    const name = unique('ns');
    await new ResourceClient<KubeObject>(cs.ctx, namespaceDescriptor).create({ metadata: { name } });
    return name;
  },
  async compact() {
    cs.fake.tracker.compact();
  },
};

runConformance('fake', () => backend);
