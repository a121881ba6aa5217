/**
 * The part of `@kubernetes/client-node`'s `KubeConfig` the connection reads. Both the 2.x class
 * a client-node user holds and the 1.x class kubernetes-fluent-client loads fit it.
 */
export interface KubeConfigLike {
  /** The current context's cluster, or null when the config has none. */
  getCurrentCluster(): ClusterLike | null;
  /** Fills in TLS material and the current user's auth headers (tokens are refreshed here). */
  applyToHTTPSOptions(options: HttpsOptionsLike): Promise<void>;
  /**
   * The current context's user. With it, a user whose credentials cannot change (a token or
   * client certificate written in the kubeconfig) has its headers computed once, not per request.
   */
  getCurrentUser?(): UserLike | null;
}

/** The fields of a kubeconfig user that say whether its credentials can change. */
export interface UserLike {
  /** A client-go exec credential plugin: tokens that expire. */
  exec?: unknown;
  /** An auth provider (OIDC, in-cluster token file, cloud plugins): tokens that expire. */
  authProvider?: unknown;
}

/** The fields of a kubeconfig cluster the connection uses. */
export interface ClusterLike {
  /** e.g. `https://10.0.0.1:6443`. */
  server: string;
  skipTLSVerify?: boolean;
  /** `tls-server-name`: the name to verify the server certificate against. */
  tlsServerName?: string;
  /** `proxy-url`: an HTTP(S) proxy in front of the server. */
  proxyUrl?: string;
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
  /** `user:password` for basic auth. */
  auth?: string;
  headers?: Record<string, unknown>;
  [option: string]: unknown;
}

/** A KubeConfig, or how to get one (called once, on the first request). */
export type KubeConfigSource = KubeConfigLike | (() => KubeConfigLike | Promise<KubeConfigLike>);
