import { existsSync } from 'node:fs';
import { delimiter } from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import {
  type KubeObject,
  PauseApiError,
  POLICY_ANNOTATION,
  type PolicyDeclaration,
  parsePolicyAnnotation,
} from '@pause/core';
import type { KubeConnection } from '@pause/http';
import {
  type ApiResourceInfo,
  type ApiResourceList,
  parseTypeQuery,
  qualifiedName,
  resourcesOf,
} from './resolve-type.ts';

/** A failure the CLI reports as one line and an exit code. */
export class CliError extends Error {
  readonly exitCode: number;

  constructor(message: string, exitCode = 1) {
    super(message);
    this.exitCode = exitCode;
    this.name = 'CliError';
  }
}

/**
 * Loads the kubeconfig like kubectl: `--kubeconfig`, else `$KUBECONFIG`, else `~/.kube/config`.
 * client-node is imported here, so `--help` and `--version` start fast.
 */
export async function loadKubeConfig(
  file: string | undefined,
  context: string | undefined,
  env: Record<string, string | undefined>,
): Promise<{ kubeConfig: KubeConfig; namespace: string }> {
  const { KubeConfig } = await import('@kubernetes/client-node');
  const kubeConfig = new KubeConfig();
  try {
    if (file) kubeConfig.loadFromFile(file);
    else if (env.KUBECONFIG) {
      const files = env.KUBECONFIG.split(delimiter).filter((f) => f && existsSync(f));
      if (files.length === 0) throw new Error(`KUBECONFIG=${env.KUBECONFIG}: no such file`);
      kubeConfig.loadFromFile(files[0] as string);
      for (const more of files.slice(1)) {
        const next = new KubeConfig();
        next.loadFromFile(more);
        kubeConfig.mergeConfig(next, true);
      }
    } else kubeConfig.loadFromDefault();
  } catch (error) {
    throw new CliError(`cannot load the kubeconfig: ${(error as Error).message}`);
  }
  if (context !== undefined) {
    if (!kubeConfig.getContextObject(context)) {
      throw new CliError(`context "${context}" not found in the kubeconfig`, 2);
    }
    kubeConfig.setCurrentContext(context);
  }
  if (!kubeConfig.getCurrentCluster()) {
    throw new CliError('the kubeconfig has no current context; pass --context or --kubeconfig');
  }
  const namespace = kubeConfig.getContextObject(kubeConfig.getCurrentContext())?.namespace;
  return { kubeConfig, namespace: namespace || 'default' };
}

/** `forbidden: cannot patch widgets.demo.pause.dev in namespace x`. */
export function forbiddenMessage(
  verb: string,
  resource: string,
  namespace: string | undefined,
): string {
  const where = namespace === undefined ? 'at the cluster scope' : `in namespace ${namespace}`;
  return `forbidden: cannot ${verb} ${resource} ${where}`;
}

/** True for a `PauseApiError` of `kind`. */
export function isApiError(error: unknown, kind: PauseApiError['kind']): error is PauseApiError {
  return PauseApiError.isInstance(error) && error.kind === kind;
}

/** One line for an API failure, naming the verb and resource when RBAC denied it. */
export function apiErrorMessage(
  error: unknown,
  verb: string,
  resource: string,
  namespace: string | undefined,
): string {
  if (isApiError(error, 'forbidden')) return forbiddenMessage(verb, resource, namespace);
  if (PauseApiError.isInstance(error)) {
    if (error.kind === 'unauthorized')
      return `unauthorized: the server rejected the credentials (${verb} ${resource})`;
    if (error.serverMessage) return error.serverMessage;
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * The resources the server serves that `type` may name: every group's preferred version, or,
 * for `TYPE.group` / `TYPE.version.group`, only that group.
 */
export async function discover(
  connection: KubeConnection,
  type: string,
): Promise<ApiResourceInfo[]> {
  const { qualifier } = parseTypeQuery(type);
  const paths: string[] = [];
  const core = await connection.send<{ versions?: string[] }>({
    method: 'GET',
    path: '/api',
    operation: 'discovery',
  });
  if (qualifier === undefined || qualifier === 'v1') {
    for (const v of core.versions ?? []) paths.push(`/api/${v}`);
  }
  const groups = await connection.send<{
    groups?: Array<{
      name: string;
      preferredVersion?: { groupVersion: string };
      versions?: Array<{ groupVersion: string; version: string }>;
    }>;
  }>({ method: 'GET', path: '/apis', operation: 'discovery' });
  for (const group of groups.groups ?? []) {
    if (qualifier === undefined || qualifier === group.name) {
      const gv = group.preferredVersion?.groupVersion ?? group.versions?.[0]?.groupVersion;
      if (gv) paths.push(`/apis/${gv}`);
    } else {
      const version = group.versions?.find((v) => `${v.version}.${group.name}` === qualifier);
      if (version) paths.push(`/apis/${version.groupVersion}`);
    }
  }
  const lists = await Promise.all(
    paths.map(
      (path) =>
        connection
          .send<ApiResourceList>({ method: 'GET', path, operation: `discovery ${path}` })
          .catch(() => undefined), // an aggregated API that is down hides only its own types
    ),
  );
  return resourcesOf(lists.filter((l): l is ApiResourceList => l !== undefined));
}

/**
 * The `pause.dev/policy` declaration on the resource's CRD: `undefined` when the resource is no
 * custom resource or its CRD declares nothing. Throws `CliError` when reading it is forbidden.
 */
export async function readDeclaration(
  connection: KubeConnection,
  resource: ApiResourceInfo,
): Promise<PolicyDeclaration | undefined> {
  if (!resource.group) return undefined;
  const name = qualifiedName(resource);
  let crd: KubeObject;
  try {
    crd = await connection.send<KubeObject>({
      method: 'GET',
      path: `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${encodeURIComponent(name)}`,
      operation: `get customresourcedefinition ${name}`,
    });
  } catch (error) {
    if (isApiError(error, 'not-found')) return undefined;
    if (isApiError(error, 'forbidden')) {
      throw new CliError(
        `${forbiddenMessage('get', 'customresourcedefinitions.apiextensions.k8s.io', undefined)} (to read the ${POLICY_ANNOTATION} annotation of ${name}); pass the policy as flags: --label-key KEY [--reason-annotation KEY] [--until-annotation KEY] [--condition-type TYPE]`,
        2,
      );
    }
    throw error;
  }
  const value = crd.metadata?.annotations?.[POLICY_ANNOTATION];
  if (value === undefined) return undefined;
  try {
    return parsePolicyAnnotation(value);
  } catch (error) {
    throw new CliError(`the CRD ${name}: ${(error as Error).message}`);
  }
}
