import type { KubeObject, MetadataWrite } from '@pause/core';
import { metadataMergePatch } from '@pause/core/adapter';
import type { KubeConnection } from '@pause/http';
import { apiErrorMessage, CliError, forbiddenMessage, isApiError } from './kube.ts';

const CRDS = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';
const NAMESPACES = '/api/v1/namespaces';
const MERGE_PATCH = 'application/merge-patch+json';

/** The path of Namespace `name`. */
export function namespacePath(name: string): string {
  return `${NAMESPACES}/${encodeURIComponent(name)}`;
}

/**
 * Every CustomResourceDefinition (to find the policies declaring a namespace pause), or
 * `undefined` when listing them is forbidden.
 */
export async function listCrds(connection: KubeConnection): Promise<KubeObject[] | undefined> {
  try {
    const list = await connection.send<{ items?: KubeObject[] }>({
      method: 'GET',
      path: CRDS,
      operation: 'list customresourcedefinitions',
    });
    return list.items ?? [];
  } catch (error) {
    if (isApiError(error, 'forbidden')) return undefined;
    throw new CliError(
      apiErrorMessage(error, 'list', 'customresourcedefinitions.apiextensions.k8s.io', undefined),
    );
  }
}

/** The message of a forbidden CRD list, asking for the flags instead. */
export function crdsForbiddenMessage(): string {
  return `${forbiddenMessage('list', 'customresourcedefinitions.apiextensions.k8s.io', undefined)} (to find the controllers' namespaceLabelKey); pass --label-key KEY [--reason-annotation KEY] [--until-annotation KEY]`;
}

/** Namespace `name`; throws the API error (404 included). */
export function getNamespace(connection: KubeConnection, name: string): Promise<KubeObject> {
  return connection.send<KubeObject>({
    method: 'GET',
    path: namespacePath(name),
    operation: `get namespace/${name}`,
  });
}

/** The Namespaces carrying `labelKey`, sorted by name. */
export async function listLabelledNamespaces(
  connection: KubeConnection,
  labelKey: string,
): Promise<KubeObject[]> {
  try {
    const list = await connection.send<{ items?: KubeObject[] }>({
      method: 'GET',
      path: `${NAMESPACES}?labelSelector=${encodeURIComponent(labelKey)}`,
      operation: 'list namespaces',
    });
    return (list.items ?? []).sort((a, b) =>
      (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''),
    );
  } catch (error) {
    throw new CliError(apiErrorMessage(error, 'list', 'namespaces', undefined));
  }
}

/** Applies `write` to Namespace `name` as a merge patch by field manager `kubectl-pause`. */
export function patchNamespace(
  connection: KubeConnection,
  name: string,
  write: MetadataWrite,
): Promise<KubeObject> {
  return connection.send<KubeObject>({
    method: 'PATCH',
    path: `${namespacePath(name)}?fieldManager=kubectl-pause`,
    body: metadataMergePatch(write),
    contentType: MERGE_PATCH,
    operation: `patch namespace/${name}`,
  });
}

/**
 * The Namespace of each name in `names` as far as a namespace pause goes: the labelled ones as
 * read (one list request), the others as unlabelled. `undefined` when they cannot be listed
 * (forbidden): status then trusts the controller's condition.
 */
export async function namespacesFor(
  connection: KubeConnection,
  names: readonly string[],
  labelKey: string,
): Promise<Map<string, KubeObject> | undefined> {
  let labelled: KubeObject[];
  try {
    labelled = await listLabelledNamespaces(connection, labelKey);
  } catch {
    return undefined;
  }
  const found = new Map<string, KubeObject>();
  for (const name of names)
    found.set(name, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  for (const ns of labelled) {
    const name = ns.metadata?.name;
    if (name !== undefined && found.has(name)) found.set(name, ns);
  }
  return found;
}
