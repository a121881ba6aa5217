import type { KubeObject, MetadataWrite } from '@pause/core';

function changed(
  current: Record<string, string> | undefined,
  wanted: Record<string, string | null>,
): Record<string, string | null> | undefined {
  const out: Record<string, string | null> = {};
  for (const [key, value] of Object.entries(wanted)) {
    const now = current?.[key];
    if (value === null ? now !== undefined : now !== value) out[key] = value;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * The write that brings `object`'s labels and annotations to `labels` and `annotations`
 * (`null`: removed), only what differs; `undefined` when nothing does.
 */
export function metadataWrite(
  object: KubeObject,
  labels: Record<string, string | null>,
  annotations: Record<string, string | null>,
): MetadataWrite | undefined {
  const meta = object.metadata ?? {};
  const labelChanges = changed(meta.labels, labels);
  const annotationChanges = changed(meta.annotations, annotations);
  if (!labelChanges && !annotationChanges) return undefined;
  return {
    kind: 'metadata',
    ...(labelChanges ? { labels: labelChanges } : {}),
    ...(annotationChanges ? { annotations: annotationChanges } : {}),
  };
}
