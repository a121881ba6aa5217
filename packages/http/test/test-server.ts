import { mkdtempSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSelfSignedCert } from '@pause/kube-harness';
import type { HttpsOptionsLike, KubeConfigLike } from '../src/kube-config.ts';

/** A request the test server received. */
export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A real HTTPS server on 127.0.0.1 for this package's tests (its handler answers each request). */
export interface TestServer {
  url: string;
  caPem: string;
  received: ReceivedRequest[];
  /** TLS connections clients opened. */
  connections(): number;
  close(): Promise<void>;
}

/** Starts a {@link TestServer}; `handle` writes the answer. */
export async function startTestServer(
  handle: (request: ReceivedRequest, response: ServerResponse) => void,
): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'pause-http-test-'));
  const cert = await generateSelfSignedCert(dir, 'server', {
    commonName: '127.0.0.1',
    days: 1,
    extensions: ['subjectAltName=IP:127.0.0.1'],
  });
  const received: ReceivedRequest[] = [];
  let connections = 0;
  const server: Server = createServer({ cert: cert.certPem, key: cert.keyPem }, (req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      const request = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      received.push(request);
      handle(request, res);
    });
  });
  server.on('secureConnection', () => {
    connections++;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    caPem: cert.certPem,
    received,
    connections: () => connections,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A minimal kubeconfig for `server` whose bearer token is read on every request. */
export function tokenKubeConfig(
  server: string,
  caPem: string,
  token: () => string,
  cluster: Record<string, unknown> = {},
): KubeConfigLike {
  return {
    getCurrentCluster: () => ({ server, ...cluster }),
    async applyToHTTPSOptions(options: HttpsOptionsLike) {
      options.ca = caPem;
      options.headers = { ...options.headers, Authorization: `Bearer ${token()}` };
    },
  };
}

/** Answers with `status` and a JSON body. */
export function json(response: ServerResponse, status: number, body: unknown, headers = {}): void {
  response.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}
