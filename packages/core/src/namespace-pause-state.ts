import type { KubeObject } from './kube-object.ts';
import type { PausePolicy } from './policy.ts';

function field(map: unknown, key: string | undefined): unknown {
  if (key === undefined || typeof map !== 'object' || map === null || Array.isArray(map)) {
    return undefined;
  }
  return Object.hasOwn(map, key) ? (map as Record<string, unknown>)[key] : undefined;
}

/**
 * What of a Namespace matters to a namespace pause under `policy`, as a string: `undefined`
 * when the Namespace does not carry `policy.namespaceLabelKey` (or the policy has none), else
 * the label value and the reason / until annotations. When it changes between two versions of a
 * Namespace, the objects in it need a new pause pass; when it does not, none of them do.
 */
export function namespacePauseState(
  namespace: KubeObject | undefined,
  policy: PausePolicy,
): string | undefined {
  const meta = namespace?.metadata;
  const label = field(meta?.labels, policy.namespaceLabelKey);
  if (label === undefined) return undefined;
  return JSON.stringify([
    label,
    field(meta?.annotations, policy.reasonAnnotation) ?? null,
    field(meta?.annotations, policy.untilAnnotation) ?? null,
  ]);
}
