import type { KubeObject, MetadataWrite } from '@pause/core';
import { parseUntil } from './duration.ts';
import { metadataWrite } from './metadata-write.ts';
import type { PauseRequest } from './model.ts';

/** The names of a namespace pause: the label on Namespaces and its reason/until annotations. */
export interface NamespaceKeys {
  /** The controllers' `namespaceLabelKey`. */
  labelKey: string;
  /** Every reason annotation the controllers sharing `labelKey` read (usually one). */
  reasonAnnotations: readonly string[];
  /** Every until annotation the controllers sharing `labelKey` read (usually one). */
  untilAnnotations: readonly string[];
}

/** Where a Namespace stands: no pause label, paused, or paused with an `until` reached. */
export type NamespacePauseState = 'none' | 'paused' | 'expired';

/** The namespace pause found on one Namespace. */
export interface NamespacePause {
  state: NamespacePauseState;
  /** The label value: who paused it. */
  by: string | undefined;
  /** The first reason annotation present. */
  why: string | undefined;
  /** The first until annotation present, as found. */
  until: string | undefined;
}

function firstOf(
  annotations: Record<string, string> | undefined,
  keys: readonly string[],
): string | undefined {
  for (const key of keys) {
    const value = annotations?.[key];
    if (value !== undefined) return value;
  }
  return undefined;
}

/**
 * The namespace pause of `namespace` at `nowMs`. As in the controllers: an `until` that is
 * reached makes the pause inactive (`expired`); one that is no RFC 3339 time is ignored.
 */
export function namespacePauseOf(
  namespace: KubeObject,
  keys: NamespaceKeys,
  nowMs: number,
): NamespacePause {
  const meta = namespace.metadata ?? {};
  const by = meta.labels?.[keys.labelKey];
  if (by === undefined) return { state: 'none', by, why: undefined, until: undefined };
  const until = firstOf(meta.annotations, keys.untilAnnotations);
  const untilMs = until === undefined ? undefined : parseUntil(until);
  return {
    state: untilMs !== undefined && nowMs >= untilMs ? 'expired' : 'paused',
    by,
    why: firstOf(meta.annotations, keys.reasonAnnotations),
    until,
  };
}

/**
 * The metadata write that pauses `namespace`, or `undefined` when it is paused already as
 * asked. An active label is kept (it says who paused first); the reason and until are written
 * to every annotation the controllers read. An expired pause (which no controller lifts on a
 * Namespace) is replaced: the label names `request.by`, an old reason and until are removed.
 */
export function namespacePauseWrite(
  namespace: KubeObject,
  keys: NamespaceKeys,
  request: PauseRequest,
  nowMs: number,
): MetadataWrite | undefined {
  const expired = namespacePauseOf(namespace, keys, nowMs).state === 'expired';
  const labels: Record<string, string> = {};
  if (expired || namespace.metadata?.labels?.[keys.labelKey] === undefined) {
    labels[keys.labelKey] = request.by;
  }
  const annotations: Record<string, string | null> = {};
  for (const key of keys.reasonAnnotations) {
    if (request.reason !== undefined) annotations[key] = request.reason;
    else if (expired) annotations[key] = null;
  }
  for (const key of keys.untilAnnotations) {
    if (request.until !== undefined) annotations[key] = request.until;
    else if (expired) annotations[key] = null;
  }
  return metadataWrite(namespace, labels, annotations);
}

/** The write that resumes `namespace` (label, reasons and untils removed), or `undefined`. */
export function namespaceResumeWrite(
  namespace: KubeObject,
  keys: NamespaceKeys,
): MetadataWrite | undefined {
  const annotations: Record<string, null> = {};
  for (const key of [...keys.reasonAnnotations, ...keys.untilAnnotations]) annotations[key] = null;
  return metadataWrite(namespace, { [keys.labelKey]: null }, annotations);
}

/** One line of `kubectl pause status namespaces`. */
export interface NamespaceStatusRow extends NamespacePause {
  name: string;
}

/** The {@link NamespaceStatusRow} of `namespace` at `nowMs`. */
export function namespaceStatusRow(
  namespace: KubeObject,
  keys: NamespaceKeys,
  nowMs: number,
): NamespaceStatusRow {
  return { name: namespace.metadata?.name ?? '', ...namespacePauseOf(namespace, keys, nowMs) };
}
