import { describe, expect, it } from 'vitest';
import { metadataMergePatch } from './metadata-patch.ts';

describe('metadataMergePatch', () => {
  it('carries labels and annotations, null deleting a key', () => {
    expect(
      metadataMergePatch({
        kind: 'metadata',
        labels: { 'example.com/paused': 'ops' },
        annotations: { 'example.com/pause-reason': null },
      }),
    ).toEqual({
      metadata: {
        labels: { 'example.com/paused': 'ops' },
        annotations: { 'example.com/pause-reason': null },
      },
    });
  });

  it('adds the resourceVersion precondition only when the write asks for it', () => {
    expect(metadataMergePatch({ kind: 'metadata', labels: { a: null } })).toEqual({
      metadata: { labels: { a: null } },
    });
    expect(
      metadataMergePatch({ kind: 'metadata', labels: { a: null }, resourceVersion: '42' }),
    ).toEqual({ metadata: { labels: { a: null }, resourceVersion: '42' } });
  });
});
