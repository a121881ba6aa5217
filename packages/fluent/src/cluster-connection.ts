import { PauseApiError } from '@pause/core';
import {
  type HttpsOptionsLike,
  type KubeConfigLike,
  loadFluentRuntime,
  type UndiciAgentLike,
} from './kfc-runtime.ts';

/** One request to the API server through a {@link ClusterConnection}. */
export interface ClusterRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Path and query, e.g. `/apis/example.com/v1/namespaces/a/widgets/w/status`. */
  path: string;
  /** Sent as JSON. */
  body?: unknown;
  /** Content type of the body, e.g. `application/json-patch+json`. */
  contentType?: string;
  /** What the call does, for error messages (e.g. `patch status of widgets/w`). */
  operation: string;
}

/** Counters of one {@link ClusterConnection}. */
export interface ClusterConnectionStats {
  /** TCP/TLS connections opened since the connection pool was created. */
  connectionsOpened: number;
  /** Requests sent. */
  requests: number;
}

/**
 * A keep-alive connection pool (one undici `Agent`) to the API server of the current
 * kubeconfig context, loaded the way kubernetes-fluent-client loads it (`KUBECONFIG`, else
 * in-cluster). TLS material is read once; auth headers are computed per request so expiring
 * tokens (exec plugins, projected service-account tokens) are refreshed.
 */
export interface ClusterConnection {
  /** Sends `request`; resolves with the parsed JSON body of a 2xx answer, throws {@link PauseApiError} otherwise. */
  send<T = unknown>(request: ClusterRequest): Promise<T>;
  stats(): ClusterConnectionStats;
  /** Closes the pooled connections (after in-flight requests finish). */
  close(): Promise<void>;
}

/** Options of {@link createClusterConnection}. */
export interface ClusterConnectionOptions {
  /** Maximum parallel connections to the API server. Default 16. */
  maxConnections?: number;
  /** Idle keep-alive time of a pooled connection. Default 30 s. */
  keepAliveTimeoutMs?: number;
  /** Gives up on a request after this long without an answer. Default 30 s. */
  requestTimeoutMs?: number;
}

interface Established {
  server: URL;
  agent: UndiciAgentLike;
  kubeConfig: KubeConfigLike;
}

function tlsOf(options: HttpsOptionsLike): Record<string, unknown> {
  const tls: Record<string, unknown> = {};
  for (const key of [
    'ca',
    'cert',
    'key',
    'pfx',
    'passphrase',
    'rejectUnauthorized',
    'servername',
  ]) {
    if (options[key] !== undefined) tls[key] = options[key];
  }
  return tls;
}

async function authHeaders(kubeConfig: KubeConfigLike): Promise<Record<string, string>> {
  const options: HttpsOptionsLike = {};
  await kubeConfig.applyToHTTPSOptions(options);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    if (typeof value === 'string' || typeof value === 'number') headers[name] = String(value);
  }
  if (options.auth) headers.Authorization = `Basic ${Buffer.from(options.auth).toString('base64')}`;
  return headers;
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Opens a {@link ClusterConnection}. Nothing is loaded until the first request, so
 * `KUBECONFIG` may be set after this call (as kubernetes-fluent-client reads it lazily too).
 */
export function createClusterConnection(options: ClusterConnectionOptions = {}): ClusterConnection {
  const counters: ClusterConnectionStats = { connectionsOpened: 0, requests: 0 };
  const timeout = options.requestTimeoutMs ?? 30_000;
  let established: Promise<Established> | undefined;

  const establish = async (): Promise<Established> => {
    const { KubeConfig, Agent, buildConnector } = await loadFluentRuntime();
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromDefault();
    const cluster = kubeConfig.getCurrentCluster();
    if (!cluster) throw new Error('the kubeconfig has no current cluster');
    const initial: HttpsOptionsLike = {};
    await kubeConfig.applyToHTTPSOptions(initial);
    const tls = tlsOf(initial);
    if (cluster.skipTLSVerify) tls.rejectUnauthorized = false;
    const connector = buildConnector({ ...tls, keepAlive: true });
    const agent = new Agent({
      connections: options.maxConnections ?? 16,
      keepAliveTimeout: options.keepAliveTimeoutMs ?? 30_000,
      connect: (info: Record<string, unknown>, callback: (e: Error | null, s: unknown) => void) => {
        counters.connectionsOpened++;
        connector(info, callback);
      },
    });
    return { server: new URL(cluster.server), agent, kubeConfig };
  };

  return {
    async send<T>(request: ClusterRequest): Promise<T> {
      let answer: Awaited<ReturnType<UndiciAgentLike['request']>>;
      let text: string;
      try {
        established ??= establish().catch((failure: unknown) => {
          established = undefined; // a kubeconfig that appears later is picked up next time
          throw failure;
        });
        const { server, agent, kubeConfig } = await established;
        const headers: Record<string, string> = {
          Accept: 'application/json',
          'User-Agent': 'pause-fluent',
          ...(await authHeaders(kubeConfig)),
        };
        const body = request.body === undefined ? undefined : JSON.stringify(request.body);
        if (body !== undefined) headers['Content-Type'] = request.contentType ?? 'application/json';
        counters.requests++;
        answer = await agent.request({
          origin: server.origin,
          path: `${server.pathname.replace(/\/$/, '')}${request.path}`,
          method: request.method,
          headers,
          ...(body !== undefined ? { body } : {}),
          headersTimeout: timeout,
          bodyTimeout: timeout,
        });
        text = await answer.body.text();
      } catch (cause) {
        throw new PauseApiError({ operation: request.operation, cause });
      }
      const data = parse(text);
      if (answer.statusCode >= 200 && answer.statusCode < 300) return data as T;
      const retryAfter = answer.headers['retry-after'];
      throw new PauseApiError({
        statusCode: answer.statusCode,
        body: data,
        retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : (retryAfter ?? null),
        operation: request.operation,
      });
    },
    stats: () => ({ ...counters }),
    async close() {
      if (!established) return;
      const current = established;
      established = undefined;
      await (await current).agent.close();
    },
  };
}
