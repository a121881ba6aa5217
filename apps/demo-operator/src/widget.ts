import type { Condition, KubeObject } from '@pause/core';

/** API group, version and kind of the demo's custom resource. */
export const WIDGET = {
  group: 'demo.pause.dev',
  version: 'v1alpha1',
  plural: 'widgets',
  kind: 'Widget',
  apiVersion: 'demo.pause.dev/v1alpha1',
} as const;

/** `spec` of a Widget: how many replicas it wants and what it should say. */
export interface WidgetSpec {
  replicas: number;
  greeting?: string;
}

/** A Widget custom resource as the operator sees it. */
export interface Widget extends KubeObject {
  spec?: WidgetSpec;
  status?: { conditions?: Condition[]; readyReplicas?: number };
}

/** A new Widget object (not yet stored). */
export function newWidget(name: string, namespace: string, spec: WidgetSpec): Widget {
  return { apiVersion: WIDGET.apiVersion, kind: WIDGET.kind, metadata: { name, namespace }, spec };
}
