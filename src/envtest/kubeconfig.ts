/**
 * The kubeconfig envtest writes for its admin user: cluster `envtest`, user `envtest-admin`
 * authenticating with an embedded client certificate, context `envtest`.
 * @packageDocumentation
 */
import { stringify } from 'yaml';

/** What goes into the kubeconfig. */
export interface KubeconfigContent {
  /** API server URL. */
  server: string;
  caPem: string;
  clientCertPem: string;
  clientKeyPem: string;
  /** Cluster, context and user names; `envtest` / `envtest` / `envtest-admin` by default. */
  clusterName?: string;
  contextName?: string;
  userName?: string;
}

const b64 = (pem: string): string => Buffer.from(pem, 'utf8').toString('base64');

/** Renders a kubeconfig (YAML) with embedded CA, client certificate and key data. */
export function renderKubeconfig(content: KubeconfigContent): string {
  const cluster = content.clusterName ?? 'envtest';
  const context = content.contextName ?? 'envtest';
  const user = content.userName ?? 'envtest-admin';
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: [{ name: cluster, cluster: { server: content.server, 'certificate-authority-data': b64(content.caPem) } }],
    users: [{ name: user, user: { 'client-certificate-data': b64(content.clientCertPem), 'client-key-data': b64(content.clientKeyPem) } }],
    contexts: [{ name: context, context: { cluster, user, namespace: 'default' } }],
    'current-context': context,
  });
}
