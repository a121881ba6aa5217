import { PauseApiError } from '@pause/core';
import type { Dispatcher } from 'undici';
import { authHeaders, hasFixedCredentials, tlsOptionsOf } from './auth-headers.ts';
import { createDispatcher } from './dispatcher.ts';
import { type Answer, exchange } from './exchange.ts';
import type { HttpsOptionsLike, KubeConfigLike, KubeConfigSource } from './kube-config.ts';

/** One request to the API server through a {@link KubeConnection}. */
export interface KubeRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Path and query, e.g. `/apis/example.com/v1/namespaces/a/widgets/w/status?fieldManager=x`. */
  path: string;
  /** Sent as JSON (a string is sent as is). */
  body?: unknown;
  /** Content type of the body. Default `application/json`. */
  contentType?: string;
  /** What the call does, for error messages (e.g. `patch status of widgets/a/w`). */
  operation: string;
  /** A 2xx answer's body is not needed: `send` resolves with `undefined` without parsing it. */
  ignoreAnswer?: boolean;
}

/** Counters of one {@link KubeConnection}. */
export interface ConnectionStats {
  /** TCP/TLS connections opened to the API server (0 behind a proxy). */
  connectionsOpened: number;
  /** Requests sent with {@link KubeConnection.send}. */
  requests: number;
}

/** Options of {@link createKubeConnection}. */
export interface KubeConnectionOptions {
  /** The cluster and credentials, or how to load them (on the first request). */
  kubeConfig: KubeConfigSource;
  /** Most parallel connections to the server. Default: unlimited (HTTP/2 needs one). */
  maxConnections?: number;
  /** Idle keep-alive time of a pooled connection. Default 30 s. */
  keepAliveTimeoutMs?: number;
  /** Gives up on a request after this long without an answer. Default 30 s. */
  requestTimeoutMs?: number;
  /** `User-Agent` of every request. Default `pause`. */
  userAgent?: string;
}

/**
 * One keep-alive connection pool (an undici dispatcher) to one cluster, shared by every call an
 * adapter makes. TLS material is read once; auth headers are computed for every request, so
 * exec plugins, OIDC and projected service-account tokens refresh as in client-node (once, for
 * a token or client certificate written in the kubeconfig, which cannot change).
 * Nothing is loaded until the first use.
 */
export interface KubeConnection {
  /** Sends `request`; resolves with the parsed JSON of a 2xx answer, throws `PauseApiError` otherwise. */
  send<T = unknown>(request: KubeRequest): Promise<T>;
  /** The shared dispatcher, for other HTTP clients (client-node's generated APIs and watches). */
  dispatcher(): Promise<Dispatcher>;
  /** The auth and impersonation headers of a request made now. */
  requestHeaders(): Promise<Record<string, string>>;
  /** The server's base URL. */
  serverUrl(): Promise<URL>;
  stats(): ConnectionStats;
  /** Closes the pooled connections once in-flight requests finish. */
  close(): Promise<void>;
}

interface Established {
  kubeConfig: KubeConfigLike;
  server: URL;
  /** The server URL's path without its trailing slash ('' for most servers). */
  basePath: string;
  dispatcher: Dispatcher;
  /** The auth headers, when the user's credentials cannot change (see `hasFixedCredentials`). */
  fixedHeaders: Record<string, string> | undefined;
}

function parse(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Creates a {@link KubeConnection}; see there. */
export function createKubeConnection(options: KubeConnectionOptions): KubeConnection {
  const counters: ConnectionStats = { connectionsOpened: 0, requests: 0 };
  const timeout = options.requestTimeoutMs ?? 30_000;
  const userAgent = options.userAgent ?? 'pause';
  let established: Promise<Established> | undefined;

  const establish = async (): Promise<Established> => {
    const source = options.kubeConfig;
    const kubeConfig = typeof source === 'function' ? await source() : source;
    const cluster = kubeConfig.getCurrentCluster();
    if (!cluster) throw new Error('the kubeconfig has no current cluster');
    const initial: HttpsOptionsLike = {};
    await kubeConfig.applyToHTTPSOptions(initial);
    const dispatcher = createDispatcher(cluster, {
      tls: tlsOptionsOf(initial),
      maxConnections: options.maxConnections,
      keepAliveTimeoutMs: options.keepAliveTimeoutMs ?? 30_000,
      onConnect: () => {
        counters.connectionsOpened++;
      },
    });
    const server = new URL(cluster.server);
    return {
      kubeConfig,
      server,
      basePath: server.pathname.replace(/\/$/, ''),
      dispatcher,
      // awaited here: a failure fails this load (tried again on the next request), never later
      fixedHeaders: hasFixedCredentials(kubeConfig) ? await authHeaders(kubeConfig) : undefined,
    };
  };
  const ready = (): Promise<Established> => {
    established ??= establish().catch((failure: unknown) => {
      established = undefined; // a kubeconfig that appears later is picked up next time
      throw failure;
    });
    return established;
  };

  /** The auth headers of a request made now: computed once for fixed credentials. */
  const headersOf = async (current: Established): Promise<Record<string, string>> =>
    current.fixedHeaders ?? authHeaders(current.kubeConfig);

  return {
    async send<T>(request: KubeRequest): Promise<T> {
      let answer: Answer;
      try {
        const current = await ready();
        const headers: Record<string, string> = {
          Accept: 'application/json',
          'User-Agent': userAgent,
          ...(await headersOf(current)),
        };
        let body: string | undefined;
        if (request.body !== undefined) {
          body = typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
          headers['Content-Type'] = request.contentType ?? 'application/json';
        }
        counters.requests++;
        answer = await exchange(current.dispatcher, {
          origin: current.server.origin,
          path: `${current.basePath}${request.path}`,
          method: request.method,
          headers,
          body,
          headersTimeout: timeout,
          bodyTimeout: timeout,
        });
      } catch (cause) {
        throw new PauseApiError({ operation: request.operation, cause });
      }
      const ok = answer.statusCode >= 200 && answer.statusCode < 300;
      if (ok && request.ignoreAnswer) return undefined as T;
      const data = parse(answer.text);
      if (ok) return data as T;
      const retryAfter = answer.headers['retry-after'];
      throw new PauseApiError({
        statusCode: answer.statusCode,
        body: data,
        retryAfter: Array.isArray(retryAfter) ? (retryAfter[0] ?? null) : (retryAfter ?? null),
        operation: request.operation,
      });
    },
    dispatcher: async () => (await ready()).dispatcher,
    requestHeaders: async () => ({ ...(await headersOf(await ready())) }), // the caller's own copy
    serverUrl: async () => (await ready()).server,
    stats: () => ({ ...counters }),
    async close() {
      const current = established;
      established = undefined;
      if (current) await (await current.catch(() => undefined))?.dispatcher.close();
    },
  };
}
