import { describe, expect, it } from 'vitest';
import { resourcePath } from './resource-path.ts';

const widgets = { group: 'example.com', version: 'v1', plural: 'widgets' };

describe('resourcePath', () => {
  it.each([
    [
      { ...widgets, namespaced: true },
      { name: 'w', namespace: 'a' },
      undefined,
      '/apis/example.com/v1/namespaces/a/widgets/w',
    ],
    [
      { ...widgets, namespaced: true },
      { name: 'w', namespace: 'a' },
      'status',
      '/apis/example.com/v1/namespaces/a/widgets/w/status',
    ],
    [
      { ...widgets, namespaced: false },
      { name: 'w', namespace: 'ignored' },
      undefined,
      '/apis/example.com/v1/widgets/w',
    ],
    [widgets, { name: 'w' }, undefined, '/apis/example.com/v1/widgets/w'],
    [
      widgets,
      { name: 'w', namespace: 'a' },
      undefined,
      '/apis/example.com/v1/namespaces/a/widgets/w',
    ],
    [
      { group: '', version: 'v1', plural: 'configmaps' },
      { name: 'c', namespace: 'a' },
      undefined,
      '/api/v1/namespaces/a/configmaps/c',
    ],
    [
      { ...widgets, namespaced: true },
      { namespace: 'a' },
      undefined,
      '/apis/example.com/v1/namespaces/a/widgets',
    ],
    [{ ...widgets, namespaced: true }, {}, undefined, '/apis/example.com/v1/widgets'],
    [
      widgets,
      { name: 'a b/c', namespace: 'x' },
      undefined,
      '/apis/example.com/v1/namespaces/x/widgets/a%20b%2Fc',
    ],
  ] as const)('%o %o %s', (resource, at, subresource, path) => {
    expect(resourcePath(resource, at, subresource)).toBe(path);
  });

  it('refuses a namespaced object without a namespace', () => {
    expect(() => resourcePath({ ...widgets, namespaced: true }, { name: 'w' })).toThrow(
      /needs a namespace/,
    );
  });
});
