import type { MetadataWrite } from './decision.ts';

/** The body of a {@link metadataMergePatch}. */
export interface MetadataMergePatch {
  metadata: {
    labels?: Record<string, string | null>;
    annotations?: Record<string, string | null>;
    resourceVersion?: string;
  };
}

/**
 * The JSON merge patch (`application/merge-patch+json`) that carries out a {@link MetadataWrite}:
 * labels and annotations merge key by key (`null` deletes one, a missing map is created), and
 * `metadata.resourceVersion` rides along as a precondition when the write asks for one, so a
 * stale write fails with 409 instead of acting on old data.
 */
export function metadataMergePatch(write: MetadataWrite): MetadataMergePatch {
  const metadata: MetadataMergePatch['metadata'] = {};
  if (write.labels) metadata.labels = write.labels;
  if (write.annotations) metadata.annotations = write.annotations;
  if (write.resourceVersion) metadata.resourceVersion = write.resourceVersion;
  return { metadata };
}
