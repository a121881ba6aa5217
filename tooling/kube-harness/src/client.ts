import type { IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** Where and as whom to talk to an API server. Plain data. */
export interface KubeEndpoint {
  /** Base URL, e.g. `https://127.0.0.1:41234`. */
  server: string;
  /** PEM of the CA that signed the serving certificate ('' = system CAs). */
  caPem: string;
  /** Bearer token ('' = none). */
  token: string;
  /** Skip TLS verification (only for external clusters configured that way). */
  insecureSkipTLSVerify?: boolean;
}

/** Options of {@link kubeRequest}. */
export interface KubeRequestOptions {
  method?: string;
  /** Path and query, e.g. `/api/v1/namespaces?limit=1`. */
  path: string;
  /** Request body; objects are sent as JSON. */
  body?: unknown;
  /** Content type of the body (default `application/json`); e.g. `application/json-patch+json`. */
  contentType?: string;
  /** Overrides the endpoint's token (e.g. to act as a low-privilege user). */
  token?: string;
  /** Abort after this many milliseconds (default 30 s). */
  timeoutMs?: number;
}

/** An API server response; `body` is the parsed JSON (or `undefined` when not JSON). */
export interface KubeResponse<T = unknown> {
  status: number;
  body: T;
  text: string;
}

function open(endpoint: KubeEndpoint, opts: KubeRequestOptions, accept: string) {
  const url = new URL(opts.path, endpoint.server);
  const token = opts.token ?? endpoint.token;
  let payload: Buffer | undefined;
  if (opts.body !== undefined) {
    payload = Buffer.from(typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body));
  }
  const headers: Record<string, string> = { accept };
  if (token) headers.authorization = `Bearer ${token}`;
  if (payload) {
    headers['content-type'] = opts.contentType ?? 'application/json';
    headers['content-length'] = String(payload.length);
  }
  const req = httpsRequest(url, {
    method: opts.method ?? (payload ? 'POST' : 'GET'),
    headers,
    ...(endpoint.caPem ? { ca: endpoint.caPem } : {}),
    rejectUnauthorized: !endpoint.insecureSkipTLSVerify,
  });
  return { req, payload };
}

/** One HTTPS request to the API server with the endpoint's CA and token (no dependencies). */
export function kubeRequest<T = unknown>(
  endpoint: KubeEndpoint,
  opts: KubeRequestOptions,
): Promise<KubeResponse<T>> {
  return new Promise((resolve, reject) => {
    const { req, payload } = open(endpoint, opts, 'application/json');
    req.setTimeout(opts.timeoutMs ?? 30_000, () => req.destroy(new Error(`timeout: ${opts.path}`)));
    req.on('error', reject);
    req.on('response', (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          body = undefined;
        }
        resolve({ status: res.statusCode ?? 0, body: body as T, text });
      });
    });
    req.end(payload);
  });
}

/** One event of a watch stream. */
export interface WatchEvent<T = Record<string, unknown>> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: T;
}

/** An open watch: collects events; {@link KubeWatch.next} waits for a matching one. */
export interface KubeWatch<T = Record<string, unknown>> {
  /** Resolves once the server has answered (rejects on a non-200 answer). */
  readonly ready: Promise<void>;
  /** Every event received so far. */
  readonly events: WatchEvent<T>[];
  /** The first event (received before or after the call) that satisfies `match`. */
  next(match: (event: WatchEvent<T>) => boolean, timeoutMs?: number): Promise<WatchEvent<T>>;
  /** Closes the stream. */
  close(): void;
}

/**
 * Opens a watch (`path` should carry `watch=true` or be a `?watch=1` list URL) and parses the
 * newline-delimited JSON events.
 */
export function kubeWatch<T = Record<string, unknown>>(
  endpoint: KubeEndpoint,
  path: string,
  token?: string,
): KubeWatch<T> {
  const events: WatchEvent<T>[] = [];
  const waiters = new Set<() => void>();
  let failure: Error | undefined;
  let closed = false;
  const notify = () => {
    for (const waiter of waiters) waiter();
  };
  const { req } = open(endpoint, { path, ...(token ? { token } : {}) }, 'application/json');
  const ready = new Promise<void>((resolve, reject) => {
    req.on('error', (error) => {
      if (!closed) failure = error;
      reject(error);
      notify();
    });
    req.on('response', (res: IncomingMessage) => {
      if (res.statusCode !== 200) {
        failure = new Error(`watch ${path}: HTTP ${res.statusCode}`);
        reject(failure);
        res.resume();
        notify();
        return;
      }
      resolve();
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let newline = buffer.indexOf('\n');
        while (newline >= 0) {
          const line = buffer.slice(0, newline).trim();
          buffer = buffer.slice(newline + 1);
          if (line) events.push(JSON.parse(line) as WatchEvent<T>);
          newline = buffer.indexOf('\n');
        }
        notify();
      });
      res.on('end', () => {
        if (!closed) failure = new Error(`watch ${path}: stream ended`);
        notify();
      });
    });
  });
  ready.catch(() => undefined);
  req.end();

  function next(match: (event: WatchEvent<T>) => boolean, timeoutMs = 30_000) {
    return new Promise<WatchEvent<T>>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const check = () => {
        const found = events.find(match);
        if (found) {
          finish();
          resolve(found);
        } else if (failure) {
          finish();
          reject(failure);
        }
      };
      const finish = () => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      timer = setTimeout(() => {
        finish();
        reject(new Error(`watch ${path}: no matching event within ${timeoutMs} ms`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  }

  return {
    ready,
    events,
    next,
    close() {
      closed = true;
      req.destroy();
    },
  };
}
