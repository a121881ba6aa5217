import type { KubeObject, ObjectRef, PausePolicy } from '@pause/core';
import { namespacePauseState } from '@pause/core/adapter';

/** Options of {@link createNamespacePauses}. */
export interface NamespacePausesOptions {
  policy: PausePolicy;
  /** GET of a Namespace by name (`undefined` when it does not exist). */
  read(name: string): Promise<KubeObject | undefined>;
  /** How long a read Namespace is used before it is read again, and how often it is checked. */
  ttlMs: number;
  /**
   * The namespace pause of `refs`' Namespace changed (it is now `namespace`, `undefined` when
   * it is gone): give each a new pause pass. `keys[i]` is the key `refs[i]` was seen under.
   */
  changed(refs: ObjectRef[], namespace: KubeObject | undefined, keys: string[]): void;
  /** A periodic check failed (it is tried again after `ttlMs`). */
  onError?(namespace: string, error: unknown): void;
}

/**
 * The Namespaces of the objects a `withPause` wrapper has seen, for a policy with
 * `namespaceLabelKey` (Pepr hands the wrapper objects, never their Namespace). A pass reads
 * the object's Namespace through a cache of `ttlMs`; while objects of a namespace are known, its
 * Namespace is re-read every `ttlMs` and, when its pause changed (core's
 * `namespacePauseState`), every known object of it is passed again, so a namespace pause and
 * resume take effect within `ttlMs` without an event on the objects. One GET per namespace per
 * `ttlMs`, nothing per object.
 */
export interface NamespacePauses {
  /**
   * The Namespace of `ref` (cached up to `ttlMs`), and `ref` remembered for re-passes;
   * `undefined` for a cluster-scoped object or without `namespaceLabelKey`. A failed read
   * falls back to the last one read; without one it throws.
   */
  namespaceOf(key: string, ref: ObjectRef): Promise<KubeObject | undefined>;
  /** The object is gone: no more re-passes for it. */
  forget(key: string): void;
  /** Stops the periodic checks. */
  dispose(): void;
}

interface CachedNamespace {
  object: KubeObject | undefined;
  readAt: number;
  state: string | undefined;
  /** Objects of this namespace seen by the wrapper: key → ref. */
  objects: Map<string, ObjectRef>;
}

/** Creates {@link NamespacePauses}. */
export function createNamespacePauses(options: NamespacePausesOptions): NamespacePauses {
  const { policy, ttlMs } = options;
  const cache = new Map<string, CachedNamespace>();
  const namespaceOfKey = new Map<string, string>();
  let timer: NodeJS.Timeout | undefined;
  const enabled = policy.namespaceLabelKey !== undefined;

  const read = async (name: string, entry: CachedNamespace) => {
    const object = await options.read(name);
    entry.object = object;
    entry.readAt = performance.now();
    const state = namespacePauseState(object, policy);
    const changed = state !== entry.state;
    entry.state = state;
    return changed;
  };

  const check = async () => {
    for (const [name, entry] of cache) {
      if (entry.objects.size === 0) {
        cache.delete(name);
        continue;
      }
      try {
        if (await read(name, entry)) {
          options.changed([...entry.objects.values()], entry.object, [...entry.objects.keys()]);
        }
      } catch (error) {
        options.onError?.(name, error);
      }
    }
    if (cache.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };

  return {
    async namespaceOf(key, ref) {
      const name = ref.namespace;
      if (!enabled || !name) return undefined;
      let entry = cache.get(name);
      if (!entry) {
        entry = { object: undefined, readAt: -Infinity, state: undefined, objects: new Map() };
        cache.set(name, entry);
      }
      entry.objects.set(key, ref);
      namespaceOfKey.set(key, name);
      if (!timer) {
        timer = setInterval(() => void check(), ttlMs);
        timer.unref();
      }
      if (performance.now() - entry.readAt >= ttlMs) {
        try {
          await read(name, entry);
        } catch (error) {
          if (entry.readAt === -Infinity) throw error;
        }
      }
      return entry.object;
    },
    forget(key) {
      const name = namespaceOfKey.get(key);
      namespaceOfKey.delete(key);
      if (name) cache.get(name)?.objects.delete(key);
    },
    dispose() {
      if (timer) clearInterval(timer);
      timer = undefined;
      cache.clear();
      namespaceOfKey.clear();
    },
  };
}
