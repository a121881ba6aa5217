import type { ObjectRef } from '@pause/core';
import { resourcePath } from '@pause/http';
import { GenericKind, kind, RegisterKind } from 'kubernetes-fluent-client';
import { pathBuilder } from 'kubernetes-fluent-client/dist/fluent/utils.js';
import { describe, expect, it } from 'vitest';
import { coordinatesOf, type KindSource, resolveKind } from './resource-path.ts';

class Sprocket extends GenericKind {}
RegisterKind(Sprocket, {
  group: 'example.com',
  version: 'v2',
  kind: 'Sprocket',
  plural: 'sprocketz',
});

const server = 'https://127.0.0.1:6443';

/** kfc's own path for the same model and filters: ours must be the same. */
function kfcPath(model: typeof GenericKind, filters: Record<string, unknown>): string {
  return pathBuilder(server, model, filters as never).pathname;
}

describe('resolveKind', () => {
  it('uses a model registered with RegisterKind', () => {
    expect(resolveKind({ model: Sprocket }, { apiVersion: 'x/v9', kind: 'X' })).toEqual({
      group: 'example.com',
      version: 'v2',
      kind: 'Sprocket',
      plural: 'sprocketz',
    });
  });

  it('prefers an explicit kind (as When(model, kind) / kindOverride)', () => {
    const explicit = { group: 'a.io', version: 'v1', kind: 'Thing', plural: 'thingies' };
    expect(
      resolveKind({ model: Sprocket, kind: explicit }, { apiVersion: 'x/v9', kind: 'X' }),
    ).toEqual(explicit);
  });

  it("falls back to the object's apiVersion and kind for GenericKind", () => {
    expect(
      resolveKind({ model: GenericKind }, { apiVersion: 'b.io/v1beta1', kind: 'Gizmo' }),
    ).toEqual({
      group: 'b.io',
      version: 'v1beta1',
      kind: 'Gizmo',
    });
    expect(
      resolveKind({ plural: 'gizmoes' }, { apiVersion: 'b.io/v1', kind: 'Gizmo' }).plural,
    ).toBe('gizmoes');
  });

  it("knows kfc's built-in models", () => {
    expect(
      resolveKind({ model: kind.ConfigMap }, { apiVersion: 'v1', kind: 'ConfigMap' }),
    ).toMatchObject({
      group: '',
      kind: 'ConfigMap',
    });
  });
});

/** The REST path `@pause/http` builds from this package's coordinates. */
function ourPath(source: KindSource, ref: ObjectRef, subresource?: 'status'): string {
  return resourcePath(coordinatesOf(source, ref), ref, subresource);
}

describe('coordinatesOf + resourcePath of @pause/http', () => {
  it("builds the same path as kfc's pathBuilder, namespaced and cluster-scoped", () => {
    const ref = { apiVersion: 'example.com/v2', kind: 'Sprocket', name: 's1', namespace: 'ns1' };
    expect(ourPath({ model: Sprocket }, ref)).toBe(
      kfcPath(Sprocket, { namespace: 'ns1', name: 's1' }),
    );
    const cluster = { apiVersion: 'example.com/v2', kind: 'Sprocket', name: 's1' };
    expect(ourPath({ model: Sprocket }, cluster)).toBe(kfcPath(Sprocket, { name: 's1' }));
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', name: 'c', namespace: 'n' };
    expect(ourPath({ model: kind.ConfigMap }, cm)).toBe(
      kfcPath(kind.ConfigMap as unknown as typeof GenericKind, { namespace: 'n', name: 'c' }),
    );
  });

  it("uses kfc's plural rule when none is known, and appends the status subresource", () => {
    const ref = { apiVersion: 'b.io/v1', kind: 'Gizmo', name: 'g' };
    expect(coordinatesOf({}, ref)).toEqual({
      group: 'b.io',
      version: 'v1',
      plural: 'gizmos',
      namespaced: false,
    });
    expect(ourPath({}, ref, 'status')).toBe('/apis/b.io/v1/gizmos/g/status');
  });
});
