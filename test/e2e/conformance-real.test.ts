// The conformance suite against the real kube-apiserver (the same cases run against the fake
// API server in test/unit/testing/conformance-fake.test.ts).
import { KubeClientset } from '../../src/generated/kube-clientset.js';
import type { ConformanceBackend } from '../conformance/backend.js';
import { runConformance } from '../conformance/run-suite.js';
import { freshNamespace, useCluster } from './support/cluster.js';

const cluster = useCluster();

runConformance('real', (): ConformanceBackend => ({
  name: 'real',
  cs: cluster.cs,
  kube: new KubeClientset(cluster.cs.ctx),
  namespace: () => freshNamespace(cluster.cs, 'conf'),
  // The watch cache of a CRD starts at the revision the CRD was established at: resourceVersion "1" is always too old.
  compact: async () => {},
}));
