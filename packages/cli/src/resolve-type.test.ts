import { describe, expect, it } from 'vitest';
import {
  type ApiResourceList,
  parseTypeQuery,
  qualifiedName,
  resolveType,
  resourcesOf,
} from './resolve-type.ts';

const lists: ApiResourceList[] = [
  {
    groupVersion: 'v1',
    resources: [
      { name: 'pods', singularName: 'pod', kind: 'Pod', shortNames: ['po'], namespaced: true },
      { name: 'pods/status', singularName: '', kind: 'Pod', namespaced: true },
      {
        name: 'events',
        singularName: 'event',
        kind: 'Event',
        shortNames: ['ev'],
        namespaced: true,
      },
      {
        name: 'namespaces',
        singularName: 'namespace',
        kind: 'Namespace',
        shortNames: ['ns'],
        namespaced: false,
      },
    ],
  },
  {
    groupVersion: 'events.k8s.io/v1',
    resources: [
      {
        name: 'events',
        singularName: 'event',
        kind: 'Event',
        shortNames: ['ev'],
        namespaced: true,
      },
    ],
  },
  {
    groupVersion: 'demo.pause.dev/v1alpha1',
    resources: [
      {
        name: 'widgets',
        singularName: 'widget',
        kind: 'Widget',
        shortNames: ['wd'],
        namespaced: true,
        verbs: ['get', 'patch'],
      },
      { name: 'widgets/status', singularName: '', kind: 'Widget', namespaced: true },
    ],
  },
  {
    groupVersion: 'other.example.com/v1',
    resources: [{ name: 'widgets', singularName: 'widget', kind: 'Widget', namespaced: false }],
  },
  {
    groupVersion: 'apps/v1',
    resources: [
      {
        name: 'deployments',
        singularName: 'deployment',
        kind: 'Deployment',
        shortNames: ['deploy'],
        namespaced: true,
      },
    ],
  },
];
const resources = resourcesOf(lists);

function resolved(text: string): string {
  const result = resolveType(text, resources);
  if (!result.ok) throw new Error(result.message);
  return `${qualifiedName(result.resource)} ${result.resource.version}`;
}

describe('resourcesOf', () => {
  it('drops subresources and splits group and version', () => {
    expect(resources.map(qualifiedName)).toEqual([
      'pods',
      'events',
      'namespaces',
      'events.events.k8s.io',
      'widgets.demo.pause.dev',
      'widgets.other.example.com',
      'deployments.apps',
    ]);
    expect(resources.find((r) => r.name === 'namespaces')).toMatchObject({
      group: '',
      version: 'v1',
      namespaced: false,
    });
  });
});

describe('parseTypeQuery', () => {
  it('splits at the first dot, lower-cased', () => {
    expect(parseTypeQuery('Widgets.Demo.pause.dev')).toEqual({
      name: 'widgets',
      qualifier: 'demo.pause.dev',
    });
    expect(parseTypeQuery('pods')).toEqual({ name: 'pods', qualifier: undefined });
  });
});

describe('resolveType', () => {
  it('resolves plural, singular, kind and short names like kubectl', () => {
    expect(resolved('pods')).toBe('pods v1');
    expect(resolved('pod')).toBe('pods v1');
    expect(resolved('Pod')).toBe('pods v1');
    expect(resolved('po')).toBe('pods v1');
    expect(resolved('deploy')).toBe('deployments.apps v1');
    expect(resolved('wd')).toBe('widgets.demo.pause.dev v1alpha1');
    expect(resolved('ns')).toBe('namespaces v1');
  });

  it('narrows by .group and .version.group', () => {
    expect(resolved('widgets.demo.pause.dev')).toBe('widgets.demo.pause.dev v1alpha1');
    expect(resolved('Widget.other.example.com')).toBe('widgets.other.example.com v1');
    expect(resolved('widget.v1alpha1.demo.pause.dev')).toBe('widgets.demo.pause.dev v1alpha1');
    expect(resolved('deployments.apps')).toBe('deployments.apps v1');
    expect(resolved('events.events.k8s.io')).toBe('events.events.k8s.io v1');
  });

  it('prefers the core group, as kubectl get events does', () => {
    expect(resolved('events')).toBe('events v1');
  });

  it('names the candidates when ambiguous', () => {
    const result = resolveType('widgets', resources);
    expect(result).toEqual({
      ok: false,
      problem: 'ambiguous',
      message:
        'resource type "widgets" is ambiguous: it matches widgets.demo.pause.dev, widgets.other.example.com; name one as TYPE.group',
      candidates: ['widgets.demo.pause.dev', 'widgets.other.example.com'],
    });
  });

  it('says when the server has no such type', () => {
    expect(resolveType('sprockets', resources)).toMatchObject({
      ok: false,
      problem: 'unknown',
      message: `the server doesn't have a resource type "sprockets"`,
    });
    expect(resolveType('widgets.nope.io', resources)).toMatchObject({
      ok: false,
      problem: 'unknown',
    });
  });
});
