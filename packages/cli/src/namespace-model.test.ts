import type { KubeObject } from '@pause/core';
import { describe, expect, it } from 'vitest';
import {
  type NamespaceKeys,
  namespacePauseOf,
  namespacePauseWrite,
  namespaceResumeWrite,
  namespaceStatusRow,
} from './namespace-model.ts';

const keys: NamespaceKeys = {
  labelKey: 'a.io/paused',
  reasonAnnotations: ['a.io/why'],
  untilAnnotations: ['a.io/until', 'b.io/until'],
};
const nowMs = Date.parse('2026-11-30T04:00:00Z');
const LATER = '2026-11-30T06:00:00Z';
const EARLIER = '2026-11-30T03:00:00Z';

function namespace(
  labels: Record<string, string> = {},
  annotations: Record<string, string> = {},
): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels, annotations } };
}

describe('namespacePauseOf', () => {
  it('reads the label, the first reason and until present, and whether the until is reached', () => {
    expect(namespacePauseOf(namespace(), keys, nowMs)).toEqual({
      state: 'none',
      by: undefined,
      why: undefined,
      until: undefined,
    });
    expect(
      namespacePauseOf(
        namespace({ 'a.io/paused': 'alice' }, { 'a.io/why': 'db', 'b.io/until': LATER }),
        keys,
        nowMs,
      ),
    ).toEqual({ state: 'paused', by: 'alice', why: 'db', until: LATER });
    expect(
      namespacePauseOf(
        namespace({ 'a.io/paused': 'alice' }, { 'a.io/until': EARLIER }),
        keys,
        nowMs,
      ).state,
    ).toBe('expired');
    expect(
      namespacePauseOf(namespace({ 'a.io/paused': '' }, { 'a.io/until': 'soon' }), keys, nowMs)
        .state,
    ).toBe('paused');
  });

  it('makes a status row', () => {
    expect(namespaceStatusRow(namespace({ 'a.io/paused': 'bob' }), keys, nowMs)).toEqual({
      name: 'shop',
      state: 'paused',
      by: 'bob',
      why: undefined,
      until: undefined,
    });
  });
});

describe('namespacePauseWrite', () => {
  it('sets the label, and the reason and until on every annotation the controllers read', () => {
    expect(
      namespacePauseWrite(namespace(), keys, { by: 'alice', reason: 'db', until: LATER }, nowMs),
    ).toEqual({
      kind: 'metadata',
      labels: { 'a.io/paused': 'alice' },
      annotations: { 'a.io/why': 'db', 'a.io/until': LATER, 'b.io/until': LATER },
    });
  });

  it('keeps an active pause and writes only what differs', () => {
    const paused = namespace({ 'a.io/paused': 'bob' }, { 'a.io/why': 'old' });
    expect(namespacePauseWrite(paused, keys, { by: 'alice' }, nowMs)).toBeUndefined();
    expect(
      namespacePauseWrite(paused, keys, { by: 'alice', reason: 'old' }, nowMs),
    ).toBeUndefined();
    expect(namespacePauseWrite(paused, keys, { by: 'alice', reason: 'new' }, nowMs)).toEqual({
      kind: 'metadata',
      annotations: { 'a.io/why': 'new' },
    });
  });

  it('replaces an expired pause: new owner, old reason and until removed', () => {
    const expired = namespace(
      { 'a.io/paused': 'bob' },
      { 'a.io/why': 'old', 'a.io/until': EARLIER },
    );
    expect(namespacePauseWrite(expired, keys, { by: 'alice' }, nowMs)).toEqual({
      kind: 'metadata',
      labels: { 'a.io/paused': 'alice' },
      annotations: { 'a.io/why': null, 'a.io/until': null },
    });
  });
});

describe('namespaceResumeWrite', () => {
  it('removes the label and every pause annotation present, and nothing when not paused', () => {
    expect(
      namespaceResumeWrite(
        namespace({ 'a.io/paused': 'bob', team: 'web' }, { 'b.io/until': LATER, keep: 'x' }),
        keys,
      ),
    ).toEqual({
      kind: 'metadata',
      labels: { 'a.io/paused': null },
      annotations: { 'b.io/until': null },
    });
    expect(namespaceResumeWrite(namespace({ team: 'web' }), keys)).toBeUndefined();
  });
});
