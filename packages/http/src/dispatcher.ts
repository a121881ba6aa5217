import { Agent, buildConnector, type Dispatcher, ProxyAgent } from 'undici';
import type { ClusterLike } from './kube-config.ts';

/** Options of {@link createDispatcher}. */
export interface DispatcherOptions {
  /** TLS material (CA, client certificate, verification) read from the kubeconfig. */
  tls: Record<string, unknown>;
  /** Most parallel connections to the server; unlimited when not set. */
  maxConnections?: number | undefined;
  /** Idle keep-alive time of a pooled connection. */
  keepAliveTimeoutMs: number;
  /** Called for every TCP/TLS connection made (not for failed attempts; not behind a proxy). */
  onConnect(): void;
}

/**
 * One undici dispatcher for the cluster: a keep-alive `Agent` (HTTP/1.1 keep-alive, or HTTP/2
 * when the server offers it) whose connections are counted, or one shared `ProxyAgent` when the
 * cluster has an HTTP(S) `proxy-url`. SOCKS proxies are refused with a clear error.
 */
export function createDispatcher(cluster: ClusterLike, options: DispatcherOptions): Dispatcher {
  const tls = { ...options.tls };
  if (cluster.skipTLSVerify) tls.rejectUnauthorized = false;
  if (cluster.tlsServerName && tls.servername === undefined) tls.servername = cluster.tlsServerName;
  if (cluster.proxyUrl) {
    const protocol = new URL(cluster.proxyUrl).protocol;
    if (protocol !== 'http:' && protocol !== 'https:') {
      throw new Error(
        `proxy-url "${cluster.proxyUrl}": only http(s) proxies are supported by pause's connection pool (got ${protocol})`,
      );
    }
    return new ProxyAgent({
      uri: cluster.proxyUrl,
      requestTls: tls,
      keepAliveTimeout: options.keepAliveTimeoutMs,
    } as ProxyAgent.Options);
  }
  const connector = buildConnector({ ...tls, keepAlive: true } as buildConnector.BuildOptions);
  return new Agent({
    ...(options.maxConnections !== undefined ? { connections: options.maxConnections } : {}),
    keepAliveTimeout: options.keepAliveTimeoutMs,
    connect: (info, callback) => {
      connector(info, (error, socket) => {
        if (!error) options.onConnect(); // count connections made, not attempts
        (callback as (error: Error | null, socket: unknown) => void)(error, socket);
      });
    },
  });
}
