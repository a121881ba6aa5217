import type { KubeObject } from '@pause/core';
import { describe, expect, it } from 'vitest';
import { chooseNamespacePolicy, declaredResources } from './namespace-policy.ts';

function crd(
  group: string,
  plural: string,
  kind: string,
  policy: object | string | undefined,
  scope = 'Namespaced',
): KubeObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {
      name: `${plural}.${group}`,
      ...(policy === undefined
        ? {}
        : {
            annotations: {
              'pause.dev/policy': typeof policy === 'string' ? policy : JSON.stringify(policy),
            },
          }),
    },
    spec: {
      group,
      scope,
      names: { plural, singular: kind.toLowerCase(), kind, shortNames: [plural.slice(0, 2)] },
      versions: [
        { name: 'v1beta1', served: true, storage: false },
        { name: 'v1', served: true, storage: true },
      ],
    },
  } as KubeObject;
}

const widgets = crd('a.io', 'widgets', 'Widget', {
  labelKey: 'a.io/paused',
  reasonAnnotation: 'a.io/why',
  untilAnnotation: 'a.io/until',
  namespaceLabelKey: 'a.io/paused',
});
const gadgets = crd('b.io', 'gadgets', 'Gadget', {
  labelKey: 'b.io/paused',
  reasonAnnotation: 'b.io/why',
  conditionType: 'Held',
  namespaceLabelKey: 'a.io/paused',
});
const doodads = crd('c.io', 'doodads', 'Doodad', {
  labelKey: 'c.io/paused',
  namespaceLabelKey: 'c.io/ns-paused',
});
const plain = crd('d.io', 'things', 'Thing', { labelKey: 'd.io/paused' });
const broken = crd('e.io', 'bits', 'Bit', '{not json');
const clustered = crd(
  'f.io',
  'globals',
  'Global',
  { labelKey: 'f.io/p', namespaceLabelKey: 'a.io/paused' },
  'Cluster',
);

describe('declaredResources', () => {
  it('reads the stored version, the names and the policy; an invalid policy counts as none', () => {
    const [first, , brokenOne] = declaredResources([widgets, plain, broken]);
    expect(first?.resource).toEqual({
      group: 'a.io',
      version: 'v1',
      name: 'widgets',
      singularName: 'widget',
      kind: 'Widget',
      shortNames: ['wi'],
      namespaced: true,
      verbs: [],
    });
    expect(first?.declaration?.namespaceLabelKey).toBe('a.io/paused');
    expect(brokenOne?.declaration).toBeUndefined();
  });
});

describe('chooseNamespacePolicy', () => {
  it('takes the one namespace label declared, with the annotations of every policy sharing it', () => {
    const choice = chooseNamespacePolicy(
      {},
      undefined,
      declaredResources([widgets, gadgets, plain, clustered]),
    );
    expect(choice).toEqual({
      ok: true,
      policy: {
        labelKey: 'a.io/paused',
        reasonAnnotations: ['a.io/why', 'b.io/why'],
        untilAnnotations: ['a.io/until'],
        resources: [
          { resource: expect.objectContaining({ name: 'widgets' }), conditionType: 'Paused' },
          { resource: expect.objectContaining({ name: 'gadgets' }), conditionType: 'Held' },
        ],
      },
    });
  });

  it('asks for --label-key or --for when controllers disagree, and --for picks one', () => {
    const all = declaredResources([widgets, gadgets, doodads]);
    const choice = chooseNamespacePolicy({}, undefined, all);
    expect(choice).toEqual({
      ok: false,
      message:
        'controllers declare different namespace labels: a.io/paused (gadgets.b.io, widgets.a.io); c.io/ns-paused (doodads.c.io); pass --label-key KEY or --for TYPE[.group] to pick one',
    });
    const doodadsOnly = chooseNamespacePolicy({}, 'doodad', all);
    expect(doodadsOnly).toMatchObject({
      ok: true,
      policy: { labelKey: 'c.io/ns-paused', reasonAnnotations: [], untilAnnotations: [] },
    });
    const byKey = chooseNamespacePolicy({ labelKey: 'c.io/ns-paused' }, undefined, all);
    expect(byKey).toEqual(doodadsOnly);
  });

  it('says the controller must set namespaceLabelKey when none declares it', () => {
    const none = chooseNamespacePolicy({}, undefined, declaredResources([plain]));
    expect(none.ok).toBe(false);
    expect(!none.ok && none.message).toContain(
      'no CustomResourceDefinition declares a namespace pause: its controller must set namespaceLabelKey',
    );
    const forPlain = chooseNamespacePolicy({}, 'things.d.io', declaredResources([plain]));
    expect(!forPlain.ok && forPlain.message).toContain(
      'things.d.io declares no namespace pause: its controller must set namespaceLabelKey',
    );
    const unknown = chooseNamespacePolicy({}, 'sprockets', declaredResources([plain]));
    expect(!unknown.ok && unknown.message).toBe(
      `--for sprockets: the server doesn't have a resource type "sprockets"`,
    );
  });

  it('goes by the flags alone when the CRDs cannot be read', () => {
    expect(
      chooseNamespacePolicy(
        { labelKey: 'x.io/p', reasonAnnotation: 'x.io/why', conditionType: 'Held' },
        undefined,
        undefined,
      ),
    ).toEqual({
      ok: true,
      policy: {
        labelKey: 'x.io/p',
        reasonAnnotations: ['x.io/why'],
        untilAnnotations: [],
        resources: [],
      },
    });
  });
});
