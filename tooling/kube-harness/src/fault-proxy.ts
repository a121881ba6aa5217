import { mkdtempSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Agent, createServer, request } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSelfSignedCert } from './certs.ts';

/** What the proxy answers instead of forwarding a request. */
export type ProxyFault =
  /** A `metav1.Status` error body with this HTTP status (and `Retry-After` when given). */
  | { kind: 'status'; statusCode: number; retryAfterSeconds?: number; message?: string }
  /** The client's socket is destroyed: no HTTP answer at all. */
  | { kind: 'network' };

/** A request as the proxy sees it, for matching faults. */
export interface ProxiedRequest {
  method: string;
  /** Path without the query, e.g. `/apis/example.com/v1/namespaces/a/widgets/w/status`. */
  path: string;
  /** True for `?watch=true` requests (streams). */
  watch: boolean;
}

/** Which requests a fault applies to: a predicate, or `{ method?, path? }` (path: substring or RegExp). */
export type RequestMatch =
  | ((request: ProxiedRequest) => boolean)
  | { method?: string; path?: string | RegExp };

/** Counters of a {@link FaultProxy}. */
export interface FaultProxyStats {
  /** TLS connections clients opened to the proxy. */
  connections: number;
  /** Requests received (forwarded or faulted). */
  requests: number;
  /** Requests answered with an injected fault. */
  faulted: number;
}

/**
 * An HTTPS proxy on 127.0.0.1 in front of a real kube-apiserver, for fault injection in
 * integration tests. It forwards every request (bodies and watch streams are streamed), except
 * those matching a pending fault set with {@link FaultProxy.failNext}.
 */
export interface FaultProxy {
  /** `https://127.0.0.1:<port>`: use as the cluster `server`. */
  readonly url: string;
  /** PEM of the proxy's self-signed certificate: trust it as the cluster CA. */
  readonly caPem: string;
  /** Answer the next `count` (default 1) requests matching `match` with `fault`. */
  failNext(match: RequestMatch, fault: ProxyFault, count?: number): void;
  /** Drop all pending faults. */
  clear(): void;
  /** Destroy every open watch stream (client side), as a server or network dropping it would. */
  dropWatches(): number;
  stats(): FaultProxyStats;
  /** Stop listening, destroy open connections, remove the certificate files. */
  close(): Promise<void>;
}

/** Options of {@link startFaultProxy}. */
export interface FaultProxyOptions {
  /** The real API server URL, e.g. the harness's `server`. */
  target: string;
  /** CA PEM to verify the real API server with (the harness's `caPem`). */
  targetCaPem: string;
}

const REASONS: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  409: 'Conflict',
  410: 'Gone',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
};

function matches(match: RequestMatch, req: ProxiedRequest): boolean {
  if (typeof match === 'function') return match(req);
  if (match.method && match.method.toUpperCase() !== req.method) return false;
  if (match.path instanceof RegExp) return match.path.test(req.path);
  if (typeof match.path === 'string') return req.path.includes(match.path);
  return true;
}

function answerWithStatus(res: ServerResponse, fault: Extract<ProxyFault, { kind: 'status' }>) {
  const reason = REASONS[fault.statusCode] ?? 'InternalError';
  const body = JSON.stringify({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: fault.message ?? `injected fault: HTTP ${fault.statusCode} ${reason}`,
    reason,
    code: fault.statusCode,
  });
  const headers: Record<string, string | number> = {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  };
  if (fault.retryAfterSeconds !== undefined) headers['retry-after'] = fault.retryAfterSeconds;
  res.writeHead(fault.statusCode, headers);
  res.end(body);
}

/**
 * Starts a {@link FaultProxy} on a free 127.0.0.1 port with a fresh self-signed certificate
 * (made with `openssl`, SAN `IP:127.0.0.1`). Clients keep their own credentials: headers
 * (`Authorization`) are forwarded as they come.
 */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const dir = mkdtempSync(join(tmpdir(), 'pause-fault-proxy-'));
  const { certPem: cert, keyPem: key } = await generateSelfSignedCert(dir, 'proxy', {
    commonName: 'pause-fault-proxy',
    days: 2,
    extensions: ['subjectAltName=IP:127.0.0.1,DNS:localhost', 'basicConstraints=critical,CA:TRUE'],
  });
  const target = new URL(options.target);
  const upstreamAgent = new Agent({ keepAlive: true, ca: options.targetCaPem });
  const pending: Array<{ match: RequestMatch; fault: ProxyFault; left: number }> = [];
  const sockets = new Set<Socket>();
  const watches = new Set<Socket>();
  const counters: FaultProxyStats = { connections: 0, requests: 0, faulted: 0 };

  const forward = (req: IncomingMessage, res: ServerResponse, info: ProxiedRequest) => {
    const headers = { ...req.headers, host: target.host };
    const upstream = request(
      {
        protocol: target.protocol,
        hostname: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers,
        agent: upstreamAgent,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        if (info.watch) res.flushHeaders();
        answer.pipe(res);
      },
    );
    upstream.on('error', () => req.socket.destroy());
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  };

  const server = createServer({ cert, key }, (req, res) => {
    counters.requests++;
    const url = new URL(req.url ?? '/', 'https://proxy');
    const info: ProxiedRequest = {
      method: (req.method ?? 'GET').toUpperCase(),
      path: url.pathname,
      watch: url.searchParams.get('watch') === 'true' || url.searchParams.get('watch') === '1',
    };
    const entry = pending.find((candidate) => matches(candidate.match, info));
    if (entry) {
      entry.left--;
      if (entry.left <= 0) pending.splice(pending.indexOf(entry), 1);
      counters.faulted++;
      if (entry.fault.kind === 'network') {
        req.socket.destroy();
        return;
      }
      req.resume();
      answerWithStatus(res, entry.fault);
      return;
    }
    if (info.watch) {
      watches.add(req.socket);
      res.on('close', () => watches.delete(req.socket));
    }
    forward(req, res, info);
  });
  server.on('secureConnection', (socket: Socket) => {
    counters.connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `https://127.0.0.1:${port}`,
    caPem: cert,
    failNext(match, fault, count = 1) {
      pending.push({ match, fault, left: count });
    },
    clear() {
      pending.length = 0;
    },
    dropWatches() {
      const open = [...watches];
      for (const socket of open) socket.destroy();
      watches.clear();
      return open.length;
    },
    stats: () => ({ ...counters }),
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      upstreamAgent.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
