import {
  type KubeObject,
  POLICY_ANNOTATION,
  type PolicyDeclaration,
  parsePolicyAnnotation,
} from '@pause/core';
import type { PolicyFlags } from './model.ts';
import type { NamespaceKeys } from './namespace-model.ts';
import { type ApiResourceInfo, qualifiedName, resolveType } from './resolve-type.ts';

/** A custom resource type and the `pause.dev/policy` its CRD declares (if any, and valid). */
export interface DeclaredResource {
  resource: ApiResourceInfo;
  declaration: PolicyDeclaration | undefined;
}

/** A resource type paused by a namespace pause, and the condition its controller writes. */
export interface PausedResource {
  resource: ApiResourceInfo;
  conditionType: string;
}

/** The names of a namespace pause and the resource types it pauses (for `--wait`). */
export interface NamespacePolicy extends NamespaceKeys {
  /** Namespaced types whose policy declares `labelKey` as `namespaceLabelKey`. */
  resources: PausedResource[];
}

/** What {@link chooseNamespacePolicy} found: a policy, or why there is none (a usage error). */
export type NamespacePolicyChoice =
  | { ok: true; policy: NamespacePolicy }
  | { ok: false; message: string };

interface CrdSpec {
  group?: string;
  scope?: string;
  names?: { plural?: string; singular?: string; kind?: string; shortNames?: string[] };
  versions?: Array<{ name?: string; served?: boolean; storage?: boolean }>;
}

/**
 * The resource type of each CustomResourceDefinition in `crds` (its stored version if served,
 * else its first served one) with its `pause.dev/policy` declaration; an invalid declaration
 * counts as none.
 */
export function declaredResources(crds: readonly KubeObject[]): DeclaredResource[] {
  const found: DeclaredResource[] = [];
  for (const crd of crds) {
    const spec = (crd as { spec?: CrdSpec }).spec ?? {};
    const names = spec.names ?? {};
    const served = (spec.versions ?? []).filter((v) => v.served !== false && v.name);
    const version = served.find((v) => v.storage) ?? served[0];
    if (!spec.group || !names.plural || !names.kind || !version?.name) continue;
    const value = crd.metadata?.annotations?.[POLICY_ANNOTATION];
    let declaration: PolicyDeclaration | undefined;
    try {
      declaration = value === undefined ? undefined : parsePolicyAnnotation(value);
    } catch {
      declaration = undefined;
    }
    found.push({
      resource: {
        group: spec.group,
        version: version.name,
        name: names.plural,
        singularName: names.singular || names.kind.toLowerCase(),
        kind: names.kind,
        shortNames: names.shortNames ?? [],
        namespaced: spec.scope !== 'Cluster',
        verbs: [],
      },
      declaration,
    });
  }
  return found;
}

function distinct(values: ReadonlyArray<string | undefined>): string[] {
  return [...new Set(values.filter((v): v is string => v !== undefined))].sort();
}

const MUST_DECLARE = `its controller must set namespaceLabelKey in its pause policy (declared on the CRD with the ${POLICY_ANNOTATION} annotation), or pass --label-key KEY`;

/**
 * Picks the namespace label and its annotations: `--label-key` if given, else the
 * `namespaceLabelKey` of the `--for TYPE[.group]` policy, else the one every declaring CRD
 * agrees on. The annotations: `--reason-annotation` / `--until-annotation`, else those of every
 * policy declaring that key. `declared` is `undefined` when the CRDs could not be read.
 */
export function chooseNamespacePolicy(
  flags: PolicyFlags,
  forType: string | undefined,
  declared: readonly DeclaredResource[] | undefined,
): NamespacePolicyChoice {
  const all = declared ?? [];
  const withKey = all.filter((d) => d.declaration?.namespaceLabelKey !== undefined);
  let labelKey = flags.labelKey;
  if (forType !== undefined) {
    const resolution = resolveType(
      forType,
      all.map((d) => d.resource),
    );
    if (!resolution.ok) return { ok: false, message: `--for ${forType}: ${resolution.message}` };
    const chosen = all.find((d) => d.resource === resolution.resource);
    const key = chosen?.declaration?.namespaceLabelKey;
    if (key === undefined && labelKey === undefined) {
      return {
        ok: false,
        message: `${qualifiedName(resolution.resource)} declares no namespace pause: ${MUST_DECLARE}`,
      };
    }
    labelKey ??= key;
  }
  if (labelKey === undefined) {
    const keys = distinct(withKey.map((d) => d.declaration?.namespaceLabelKey));
    if (keys.length === 0) {
      return {
        ok: false,
        message: `no CustomResourceDefinition declares a namespace pause: ${MUST_DECLARE}`,
      };
    }
    if (keys.length > 1) {
      const who = keys.map(
        (key) =>
          `${key} (${withKey
            .filter((d) => d.declaration?.namespaceLabelKey === key)
            .map((d) => qualifiedName(d.resource))
            .sort()
            .join(', ')})`,
      );
      return {
        ok: false,
        message: `controllers declare different namespace labels: ${who.join('; ')}; pass --label-key KEY or --for TYPE[.group] to pick one`,
      };
    }
    labelKey = keys[0] as string;
  }
  const members = withKey.filter((d) => d.declaration?.namespaceLabelKey === labelKey);
  const annotations = (flag: string | undefined, field: 'reasonAnnotation' | 'untilAnnotation') =>
    flag !== undefined ? [flag] : distinct(members.map((d) => d.declaration?.[field]));
  return {
    ok: true,
    policy: {
      labelKey,
      reasonAnnotations: annotations(flags.reasonAnnotation, 'reasonAnnotation'),
      untilAnnotations: annotations(flags.untilAnnotation, 'untilAnnotation'),
      resources: members
        .filter((d) => d.resource.namespaced)
        .map((d) => ({
          resource: d.resource,
          conditionType: flags.conditionType ?? d.declaration?.conditionType ?? 'Paused',
        })),
    },
  };
}
