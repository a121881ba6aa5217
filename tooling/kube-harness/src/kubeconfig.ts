import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** A cluster entry in the shape `@kubernetes/client-node`'s `KubeConfig` uses. */
export interface KubeConfigCluster {
  name: string;
  server: string;
  /** Base64 of the CA PEM (as `certificate-authority-data`). */
  caData?: string;
  caFile?: string;
  skipTLSVerify: boolean;
  tlsServerName?: string;
}

/** A user entry in the shape `@kubernetes/client-node`'s `KubeConfig` uses. */
export interface KubeConfigUser {
  name: string;
  token?: string;
  certData?: string;
  certFile?: string;
  keyData?: string;
  keyFile?: string;
  username?: string;
  password?: string;
  exec?: unknown;
  authProvider?: unknown;
}

/** A context entry in the shape `@kubernetes/client-node`'s `KubeConfig` uses. */
export interface KubeConfigContext {
  name: string;
  cluster: string;
  user: string;
  namespace?: string;
}

/**
 * Plain-data kubeconfig, accepted as is by `new KubeConfig().loadFromOptions(options)`
 * of `@kubernetes/client-node` (serializable, so it can cross vitest's `provide`/`inject`).
 */
export interface KubeConfigOptions {
  clusters: KubeConfigCluster[];
  users: KubeConfigUser[];
  contexts: KubeConfigContext[];
  currentContext: string;
}

/** A token-authenticated user of the harness's API server. */
export interface HarnessUser {
  name: string;
  token: string;
  /** Groups besides `system:authenticated` (which every token user gets). */
  groups: string[];
}

/** Name of the cluster entry in kubeconfigs written by the harness. */
export const HARNESS_CLUSTER = 'pause-harness';

/**
 * Builds the kubeconfig for a harness server: one cluster, one context per user (the
 * context is named after the user), current context = `currentUser`.
 */
export function buildKubeConfig(
  server: string,
  caPem: string,
  users: readonly HarnessUser[],
  currentUser: string,
): KubeConfigOptions {
  return {
    clusters: [
      {
        name: HARNESS_CLUSTER,
        server,
        caData: Buffer.from(caPem).toString('base64'),
        skipTLSVerify: false,
      },
    ],
    users: users.map((u) => ({ name: u.name, token: u.token })),
    contexts: users.map((u) => ({ name: u.name, cluster: HARNESS_CLUSTER, user: u.name })),
    currentContext: currentUser,
  };
}

/** Returns a copy of `options` whose current context is `context` (throws if unknown). */
export function withContext(options: KubeConfigOptions, context: string): KubeConfigOptions {
  if (!options.contexts.some((c) => c.name === context)) {
    throw new Error(`no context "${context}" in kubeconfig`);
  }
  return { ...options, currentContext: context };
}

/**
 * Serializes options to a standard kubeconfig file (`apiVersion: v1`, `kind: Config`).
 * The text is JSON, which every kubeconfig reader accepts (YAML is a superset of JSON).
 */
export function kubeconfigFileText(options: KubeConfigOptions): string {
  const file = {
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: options.clusters.map((c) => ({
      name: c.name,
      cluster: {
        server: c.server,
        ...(c.caData ? { 'certificate-authority-data': c.caData } : {}),
        ...(c.caFile ? { 'certificate-authority': c.caFile } : {}),
        ...(c.skipTLSVerify ? { 'insecure-skip-tls-verify': true } : {}),
        ...(c.tlsServerName ? { 'tls-server-name': c.tlsServerName } : {}),
      },
    })),
    users: options.users.map((u) => ({
      name: u.name,
      user: {
        ...(u.token ? { token: u.token } : {}),
        ...(u.certData ? { 'client-certificate-data': u.certData } : {}),
        ...(u.keyData ? { 'client-key-data': u.keyData } : {}),
        ...(u.certFile ? { 'client-certificate': u.certFile } : {}),
        ...(u.keyFile ? { 'client-key': u.keyFile } : {}),
      },
    })),
    contexts: options.contexts.map((c) => ({
      name: c.name,
      context: {
        cluster: c.cluster,
        user: c.user,
        ...(c.namespace ? { namespace: c.namespace } : {}),
      },
    })),
    'current-context': options.currentContext,
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

type Raw = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
const obj = (v: unknown): Raw => (v && typeof v === 'object' ? (v as Raw) : {});
const list = (v: unknown): Raw[] => (Array.isArray(v) ? (v as Raw[]) : []);

/** Converts a parsed standard kubeconfig document into {@link KubeConfigOptions}. */
export function optionsFromKubeconfigDocument(doc: Raw, baseDir = '.'): KubeConfigOptions {
  const abs = (p: string | undefined) => (p ? resolve(baseDir, p) : undefined);
  const clean = <T extends object>(o: T): T =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
  return {
    clusters: list(doc.clusters).map((entry) => {
      const c = obj(entry.cluster);
      return clean({
        name: String(entry.name),
        server: String(c.server ?? ''),
        caData: str(c['certificate-authority-data']),
        caFile: abs(str(c['certificate-authority'])),
        skipTLSVerify: c['insecure-skip-tls-verify'] === true,
        tlsServerName: str(c['tls-server-name']),
      });
    }),
    users: list(doc.users).map((entry) => {
      const u = obj(entry.user);
      return clean({
        name: String(entry.name),
        token: str(u.token),
        certData: str(u['client-certificate-data']),
        certFile: abs(str(u['client-certificate'])),
        keyData: str(u['client-key-data']),
        keyFile: abs(str(u['client-key'])),
        username: str(u.username),
        password: str(u.password),
        exec: u.exec,
        authProvider: u['auth-provider'],
      });
    }),
    contexts: list(doc.contexts).map((entry) => {
      const c = obj(entry.context);
      return clean({
        name: String(entry.name),
        cluster: String(c.cluster ?? ''),
        user: String(c.user ?? ''),
        namespace: str(c.namespace),
      });
    }),
    currentContext: String(doc['current-context'] ?? ''),
  };
}

/**
 * Reads an existing kubeconfig file. JSON files are parsed here; YAML files are read with
 * `@kubernetes/client-node` (if installed in the workspace) since the harness has no YAML parser.
 */
export async function loadKubeconfigFile(path: string): Promise<KubeConfigOptions> {
  const text = readFileSync(path, 'utf8');
  try {
    return optionsFromKubeconfigDocument(JSON.parse(text) as Raw, dirname(resolve(path)));
  } catch (jsonError) {
    if (!(jsonError instanceof SyntaxError)) throw jsonError;
  }
  const moduleName = '@kubernetes/client-node';
  let mod: { KubeConfig: new () => KubeConfigLike };
  try {
    mod = (await import(moduleName)) as typeof mod;
  } catch {
    throw new Error(
      `${path} is YAML; reading it needs @kubernetes/client-node installed in the workspace, ` +
        `or convert it to JSON: kubectl config view --raw --flatten -o json > kubeconfig.json`,
    );
  }
  const kc = new mod.KubeConfig();
  kc.loadFromFile(path);
  return JSON.parse(
    JSON.stringify({
      clusters: kc.clusters,
      users: kc.users,
      contexts: kc.contexts,
      currentContext: kc.currentContext,
    }),
  ) as KubeConfigOptions;
}

interface KubeConfigLike {
  loadFromFile(path: string): void;
  clusters: unknown;
  users: unknown;
  contexts: unknown;
  currentContext: string;
}
