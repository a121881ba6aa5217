import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/** The part of client-node's `KubeConfig` (1.x and 2.x) this package calls. */
export interface KubeConfigLike {
  loadFromDefault(): void;
  getCurrentCluster(): { server: string; skipTLSVerify?: boolean } | null;
  applyToHTTPSOptions(options: HttpsOptionsLike): Promise<void>;
}

/** What `KubeConfig.applyToHTTPSOptions` fills in: TLS material and auth headers. */
export interface HttpsOptionsLike {
  ca?: string | Buffer;
  cert?: string | Buffer;
  key?: string | Buffer;
  pfx?: string | Buffer;
  passphrase?: string;
  rejectUnauthorized?: boolean;
  servername?: string;
  auth?: string;
  headers?: Record<string, unknown>;
  [option: string]: unknown;
}

/** The part of undici's `Agent` this package uses. */
export interface UndiciAgentLike {
  request(options: {
    origin: string;
    path: string;
    method: string;
    headers: Record<string, string>;
    body?: string;
    headersTimeout?: number;
    bodyTimeout?: number;
  }): Promise<{
    statusCode: number;
    headers: Record<string, string | string[] | undefined>;
    body: { text(): Promise<string> };
  }>;
  close(): Promise<void>;
}

/** undici's `buildConnector(options)`: a TLS/TCP connect function an `Agent` can use. */
export type UndiciConnector = (
  options: Record<string, unknown>,
  callback: (error: Error | null, socket: unknown) => void,
) => void;

/** The libraries kubernetes-fluent-client itself loads, resolved from its own install. */
export interface FluentRuntime {
  KubeConfig: new () => KubeConfigLike;
  Agent: new (options: Record<string, unknown>) => UndiciAgentLike;
  buildConnector: (options: Record<string, unknown>) => UndiciConnector;
}

let runtime: Promise<FluentRuntime> | undefined;

/**
 * Loads the `@kubernetes/client-node` (`KubeConfig`) and `undici` (`Agent`) that the installed
 * kubernetes-fluent-client depends on, resolved from its own location: the same kubeconfig
 * handling (KUBECONFIG / in-cluster) and TLS stack as its requests, with no extra dependency.
 */
export function loadFluentRuntime(): Promise<FluentRuntime> {
  runtime ??= (async () => {
    const kfcEntry = createRequire(import.meta.url).resolve('kubernetes-fluent-client');
    const fromKfc = createRequire(kfcEntry);
    const clientNode = (await import(
      pathToFileURL(fromKfc.resolve('@kubernetes/client-node')).href
    )) as { KubeConfig: FluentRuntime['KubeConfig'] };
    const undici = fromKfc('undici') as Pick<FluentRuntime, 'Agent' | 'buildConnector'>;
    return {
      KubeConfig: clientNode.KubeConfig,
      Agent: undici.Agent,
      buildConnector: undici.buildConnector,
    };
  })();
  return runtime;
}
