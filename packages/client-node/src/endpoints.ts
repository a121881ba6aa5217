import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ControllerStatus } from './controller-status.ts';

/** What `/metrics` serves: a prom-client `Registry` fits (no dependency on prom-client here). */
export interface MetricsRegistry {
  /** `Content-Type` of the exposition text. */
  readonly contentType: string;
  /** The exposition text of every metric. */
  metrics(): Promise<string>;
}

/** Options of {@link serveControllerEndpoints}. */
export interface ControllerEndpointsOptions {
  /** The controller whose `state` the probes report (a `PausableController`). */
  controller: Pick<ControllerStatus, 'state'>;
  /** Served on `/metrics` (e.g. `createControllerMetrics(...).registry`). Default: no `/metrics`. */
  registry?: MetricsRegistry;
  /** Address to bind. Default `0.0.0.0` (the kubelet probes the pod IP). */
  host?: string;
  /** Port to bind; `0` picks a free one. Default 8080. */
  port?: number;
}

/** The listening HTTP server of {@link serveControllerEndpoints}. */
export interface ControllerEndpoints {
  /** Base URL, e.g. `http://127.0.0.1:8080`. */
  readonly url: string;
  /** The bound address and port. */
  readonly address: { host: string; port: number };
  /** Stops listening and closes open connections (keep-alive scrapers included). */
  close(): Promise<void>;
}

/**
 * Serves a controller's probes and metrics with `node:http`: `/healthz` answers 200 from
 * creation until `stop()` has finished (the process and controller are alive), 503 after;
 * `/readyz` answers 200 only while `state` is `running` (after `start()` resolved, until `stop()`
 * is called; a replica that does not lead is ready too), 503 otherwise; `/metrics` serves
 * `registry`. Other paths: 404; methods other than GET and HEAD: 405.
 */
export async function serveControllerEndpoints(
  options: ControllerEndpointsOptions,
): Promise<ControllerEndpoints> {
  const { controller, registry } = options;
  const server = createServer((request, response) => {
    void answer(request, response, controller, registry);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8080, options.host ?? '0.0.0.0', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}`,
    address: { host: address, port },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function answer(
  request: IncomingMessage,
  response: ServerResponse,
  controller: Pick<ControllerStatus, 'state'>,
  registry: MetricsRegistry | undefined,
): Promise<void> {
  const path = (request.url ?? '/').split('?', 1)[0];
  const send = (status: number, body: string, contentType = 'text/plain; charset=utf-8') => {
    response.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' });
    response.end(request.method === 'HEAD' ? undefined : body);
  };
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('allow', 'GET, HEAD');
    return send(405, 'method not allowed\n');
  }
  const { state } = controller;
  switch (path) {
    case '/healthz':
      return state === 'stopped' ? send(503, `${state}\n`) : send(200, 'ok\n');
    case '/readyz':
      return state === 'running' ? send(200, 'ok\n') : send(503, `${state}\n`);
    case '/metrics':
      if (!registry) break;
      try {
        return send(200, await registry.metrics(), registry.contentType);
      } catch (error) {
        return send(500, `${error instanceof Error ? error.message : String(error)}\n`);
      }
  }
  send(404, 'not found\n');
}
