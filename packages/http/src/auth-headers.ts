import type { HttpsOptionsLike, KubeConfigLike } from './kube-config.ts';

const TLS_KEYS = ['ca', 'cert', 'key', 'pfx', 'passphrase', 'rejectUnauthorized', 'servername'];

/** The TLS part of what `applyToHTTPSOptions` filled in (read once per connection pool). */
export function tlsOptionsOf(options: HttpsOptionsLike): Record<string, unknown> {
  const tls: Record<string, unknown> = {};
  for (const key of TLS_KEYS) {
    if (options[key] !== undefined) tls[key] = options[key];
  }
  return tls;
}

/**
 * Whether the current user's headers can be computed once: a user with neither an exec plugin
 * nor an auth provider, in a KubeConfig with no custom authenticator (client-node's
 * `addAuthenticator`). Anything unknown counts as changing, so its headers stay per request.
 */
export function hasFixedCredentials(kubeConfig: KubeConfigLike): boolean {
  const user = kubeConfig.getCurrentUser?.();
  if (!user || user.exec !== undefined || user.authProvider !== undefined) return false;
  const custom = (kubeConfig as { custom_authenticators?: unknown }).custom_authenticators;
  return Array.isArray(custom) && custom.length === 0;
}

/**
 * The per-request headers of the current user: `Authorization` (token, exec plugin, OIDC,
 * basic auth) and impersonation, from `applyToHTTPSOptions`, called for every request so
 * tokens that expire are refreshed exactly as client-node refreshes them.
 */
export async function authHeaders(kubeConfig: KubeConfigLike): Promise<Record<string, string>> {
  const options: HttpsOptionsLike = {};
  await kubeConfig.applyToHTTPSOptions(options);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    if (typeof value === 'string' || typeof value === 'number') headers[name] = String(value);
  }
  if (options.auth) headers.Authorization = `Basic ${Buffer.from(options.auth).toString('base64')}`;
  return headers;
}
