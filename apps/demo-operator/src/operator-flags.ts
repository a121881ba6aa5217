import { hostname } from 'node:os';
import { parseArgs } from 'node:util';

/** Usage text of the demo operator. */
export const USAGE = `Usage: demo-operator [--kubeconfig FILE | --in-cluster] [options]

Without --kubeconfig or --in-cluster it runs on an embedded in-memory cluster and prints what
happens. With one of them it runs the Widget operator against a real cluster (apply
deploy/crd.yaml first):

  --namespace NS                    watch one namespace (default: all)
  --namespaces A,B                  watch these namespaces only (a shard)
  --label-selector SEL              watch the Widgets matching SEL only (a shard)
  --owner-id ID                     label value when the operator pauses a Widget itself
  --leader-elect                    reconcile only while holding the Lease
  --leader-election-namespace NS    namespace of the Lease (default $POD_NAMESPACE, else widget-system)
  --lease-name NAME                 name of the Lease (default widget-operator)
  --http-address HOST:PORT          serve /metrics, /healthz, /readyz (default 0.0.0.0:8080; port 0: any)
  --shutdown-timeout-ms MS          on SIGTERM, wait this long for running reconciles (default 20000)`;

/** What the command line asks for. */
export type OperatorCommand =
  | { mode: 'help' }
  | { mode: 'embedded' }
  | { mode: 'cluster'; options: ClusterFlags };

/** The cluster mode's settings from the flags and the environment. */
export interface ClusterFlags {
  /** A kubeconfig file; absent: in-cluster. */
  kubeconfig?: string;
  namespace?: string;
  namespaces?: string[];
  labelSelector?: string;
  ownerId?: string;
  /** With `--leader-elect`. */
  leaderElection?: { leaseName: string; leaseNamespace: string; identity: string };
  http: { host: string; port: number };
  shutdownTimeoutMs: number;
}

/**
 * Parses the demo operator's flags (`args` without `node` and the script); the environment gives
 * `POD_NAMESPACE` (the Lease's default namespace) and `POD_NAME` (the Lease holder identity, else
 * the host name). Throws a `TypeError` on a bad flag or value.
 */
export function parseOperatorFlags(
  args: readonly string[],
  env: Record<string, string | undefined> = process.env,
): OperatorCommand {
  const { values } = parseArgs({
    args: [...args],
    options: {
      kubeconfig: { type: 'string' },
      'in-cluster': { type: 'boolean', default: false },
      namespace: { type: 'string' },
      namespaces: { type: 'string' },
      'label-selector': { type: 'string' },
      'owner-id': { type: 'string' },
      'leader-elect': { type: 'boolean', default: false },
      'leader-election-namespace': { type: 'string' },
      'lease-name': { type: 'string', default: 'widget-operator' },
      'http-address': { type: 'string', default: '0.0.0.0:8080' },
      'shutdown-timeout-ms': { type: 'string', default: '20000' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return { mode: 'help' };
  if (!values.kubeconfig && !values['in-cluster']) return { mode: 'embedded' };
  const shutdownTimeoutMs = Number(values['shutdown-timeout-ms']);
  if (!Number.isSafeInteger(shutdownTimeoutMs) || shutdownTimeoutMs < 0) {
    throw new TypeError(
      `--shutdown-timeout-ms: not a number of milliseconds: ${values['shutdown-timeout-ms']}`,
    );
  }
  const namespaces = values.namespaces?.split(',').map((namespace) => namespace.trim());
  return {
    mode: 'cluster',
    options: {
      ...(values.kubeconfig ? { kubeconfig: values.kubeconfig } : {}),
      ...(values.namespace ? { namespace: values.namespace } : {}),
      ...(namespaces ? { namespaces } : {}),
      ...(values['label-selector'] ? { labelSelector: values['label-selector'] } : {}),
      ...(values['owner-id'] ? { ownerId: values['owner-id'] } : {}),
      ...(values['leader-elect']
        ? {
            leaderElection: {
              leaseName: values['lease-name'],
              leaseNamespace:
                values['leader-election-namespace'] || env.POD_NAMESPACE || 'widget-system',
              identity: env.POD_NAME || hostname(),
            },
          }
        : {}),
      http: parseHostPort(values['http-address']),
      shutdownTimeoutMs,
    },
  };
}

/** `HOST:PORT` (`[::1]:8080` for IPv6; an empty host is `0.0.0.0`). */
export function parseHostPort(address: string): { host: string; port: number } {
  const colon = address.lastIndexOf(':');
  const port = Number(address.slice(colon + 1));
  if (colon === -1 || !/^\d+$/.test(address.slice(colon + 1)) || port > 65535) {
    throw new TypeError(`--http-address: expected HOST:PORT, got ${address}`);
  }
  const host = address.slice(0, colon).replace(/^\[(.*)\]$/, '$1') || '0.0.0.0';
  return { host, port };
}
