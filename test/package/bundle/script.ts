// A one-group script as a user would bundle it (esbuild, platform node): Clientset.create() from a
// kubeconfig and one group. The bundle must not contain @kubernetes/client-node. Run with a
// kubeconfig whose server refuses connections, it must fail with a NetworkError.
import { Clientset, NetworkError } from 'koordinator-client';

const cs = await Clientset.create({ kubeconfig: process.argv[2], retry: false });
try {
  await cs.sloV1alpha1.nodeSLOs().list({ timeoutMs: 5_000 });
  console.error('FAIL: the list reached a server');
  process.exitCode = 1;
} catch (err) {
  if (err instanceof NetworkError) console.log(`ok: bundled script runs (${err.errorCode ?? 'network error'})`);
  else {
    console.error('FAIL: expected a NetworkError, got', err);
    process.exitCode = 1;
  }
} finally {
  await cs.close();
}
