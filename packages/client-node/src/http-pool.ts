import type { RequestOptions } from 'node:https';
import {
  type Configuration,
  createConfiguration,
  type KubeConfig,
  type RequestContext,
  type SecurityAuthentication,
  ServerConfiguration,
} from '@kubernetes/client-node';
import { Agent, buildConnector, type Dispatcher, ProxyAgent } from 'undici';

/** Counters of one {@link SharedConnectionPool}. */
export interface ConnectionPoolStats {
  /** TCP/TLS connections opened to the API server since the pool was created (0 behind a proxy). */
  connectionsOpened: number;
}

/**
 * One keep-alive connection pool (an undici `Agent`) shared by every API call and watch the
 * adapter makes to one cluster. `@kubernetes/client-node` 2.0.1 builds a new undici `Agent`
 * in `KubeConfig.applySecurityAuthentication` for every request (a new TLS connection per
 * call, and memory that is never given back); this pool replaces that hook.
 */
export interface SharedConnectionPool {
  /** The `Configuration` to pass to generated API classes (`new CustomObjectsApi(configuration)`). */
  readonly configuration: Configuration;
  /**
   * A stand-in for the `KubeConfig` accepted by client-node's `Watch`, so watches go through
   * the same pool and the same per-request authentication.
   */
  readonly watchConfig: KubeConfig;
  /** The undici dispatcher itself. */
  readonly dispatcher: Dispatcher;
  /** Authentication that sets the per-request headers and the shared dispatcher. */
  readonly authentication: SecurityAuthentication;
  stats(): ConnectionPoolStats;
  /** Closes the pool's connections (after in-flight requests finish). */
  close(): Promise<void>;
}

/** Options of {@link createSharedConnectionPool}. */
export interface SharedConnectionPoolOptions {
  /** Idle keep-alive time of a pooled connection. Default 30 s. */
  keepAliveTimeoutMs?: number;
}

type TlsOptions = Pick<
  RequestOptions,
  'ca' | 'cert' | 'key' | 'pfx' | 'passphrase' | 'rejectUnauthorized' | 'servername'
>;

function tlsOptionsOf(options: RequestOptions): TlsOptions {
  const tls: TlsOptions = {};
  if (options.ca !== undefined) tls.ca = options.ca;
  if (options.cert !== undefined) tls.cert = options.cert;
  if (options.key !== undefined) tls.key = options.key;
  if (options.pfx !== undefined) tls.pfx = options.pfx;
  if (options.passphrase !== undefined) tls.passphrase = options.passphrase;
  if (options.rejectUnauthorized !== undefined) tls.rejectUnauthorized = options.rejectUnauthorized;
  if (options.servername !== undefined) tls.servername = options.servername;
  return tls;
}

/**
 * The per-request part of a kubeconfig: `Authorization` (token, exec plugin, OIDC, basic
 * auth) and impersonation headers, from the public `KubeConfig.applyToHTTPSOptions` hook, so
 * tokens that expire are refreshed exactly as client-node does.
 */
async function requestOptions(kubeConfig: KubeConfig): Promise<RequestOptions> {
  const options: RequestOptions = {};
  await kubeConfig.applyToHTTPSOptions(options);
  return options;
}

/**
 * Builds the {@link SharedConnectionPool} of `kubeConfig`'s current context: TLS material
 * (CA, client certificate, `insecure-skip-tls-verify`, `tls-server-name`) is read once; auth
 * headers are computed for every request. Cluster proxies (`proxy-url`) fall back to one
 * shared dispatcher built by client-node itself.
 */
export async function createSharedConnectionPool(
  kubeConfig: KubeConfig,
  options: SharedConnectionPoolOptions = {},
): Promise<SharedConnectionPool> {
  const cluster = kubeConfig.getCurrentCluster();
  if (!cluster) throw new Error('the KubeConfig has no current cluster');
  const tls = tlsOptionsOf(await requestOptions(kubeConfig));
  const dispatcherOptions = kubeConfig.createDispatcherOptions(cluster, tls);
  if (dispatcherOptions.type === 'socks') {
    throw new Error('clusters behind a SOCKS proxy-url are not supported by the shared pool');
  }
  const counters: ConnectionPoolStats = { connectionsOpened: 0 };
  let dispatcher: Dispatcher;
  if (dispatcherOptions.type === 'proxy') {
    // One ProxyAgent for the whole process instead of one per request.
    dispatcher = new ProxyAgent({
      uri: dispatcherOptions.uri,
      requestTls: dispatcherOptions.requestTls,
      connect: dispatcherOptions.connect,
    } as ProxyAgent.Options);
  } else {
    const connectOptions = dispatcherOptions.type === 'agent' ? dispatcherOptions.connect : {};
    const connector = buildConnector({
      ...connectOptions,
      keepAlive: true,
    } as buildConnector.BuildOptions);
    dispatcher = new Agent({
      keepAliveTimeout: options.keepAliveTimeoutMs ?? 30_000,
      connect: (connectInfo, callback) => {
        counters.connectionsOpened++;
        connector(connectInfo, callback);
      },
    });
  }
  const authentication: SecurityAuthentication = {
    getName: () => 'pause shared connection pool',
    async applySecurityAuthentication(context: RequestContext) {
      const perRequest = await requestOptions(kubeConfig);
      if (perRequest.auth) {
        context.setHeaderParam(
          'Authorization',
          `Basic ${Buffer.from(perRequest.auth).toString('base64')}`,
        );
      }
      for (const [name, value] of Object.entries(perRequest.headers ?? {})) {
        if (value !== undefined) context.setHeaderParam(name, String(value));
      }
      context.setDispatcher(dispatcher);
    },
  };
  const configuration = createConfiguration({
    baseServer: new ServerConfiguration(cluster.server, {}),
    authMethods: { default: authentication },
  });
  const watchConfig = {
    getCurrentCluster: () => kubeConfig.getCurrentCluster(),
    applySecurityAuthentication: (context: RequestContext) =>
      authentication.applySecurityAuthentication(context),
  } as unknown as KubeConfig;
  return {
    configuration,
    watchConfig,
    dispatcher,
    authentication,
    stats: () => ({ ...counters }),
    close: () => dispatcher.close(),
  };
}
