import { decide, type KubeObject, type ObjectRef, type PausePolicy } from '@pause/core';
import type { PauseClient } from '@pause/core/adapter';

/** One running callback: its signal, and how to end it. */
export interface RunningReconcile {
  /** The callback's signal. */
  readonly signal: AbortSignal;
  /** The callback paused the object itself: neither events nor re-reads abort it any more. */
  selfPaused(): void;
  /** The callback settled: stops the re-reads and forgets it. */
  end(): void;
}

/** Options of {@link createRunningReconciles}. */
export interface RunningReconcilesOptions {
  client: PauseClient;
  policy: PausePolicy;
  now: () => number;
  /** Re-read the object of a running callback this often (ms). Default: never. */
  pauseCheckIntervalMs?: number | undefined;
}

/**
 * The callbacks running now, one per key, with the `AbortController` of each. A running
 * callback is aborted when core's `decide` stops its object: on a watch event that reaches the
 * wrapper meanwhile, on a periodic re-read, or when its Namespace's pause changes (with the
 * policy's `namespaceLabelKey`). It is also aborted when its object is deleted, and by
 * `abortAll` (the wrapper is disposed).
 */
export interface RunningReconciles {
  /**
   * Registers the callback about to run for `key` on `object` (the object `ref` names), whose
   * Namespace, as the pass that let it run read it, is `namespace`.
   */
  begin(
    key: string,
    ref: ObjectRef,
    object: KubeObject,
    namespace: KubeObject | undefined,
  ): RunningReconcile;
  /** A watch event for `key` arrived: aborts its running callback when the event says so. */
  observe(key: string, object: KubeObject, phase: string): void;
  /** `key`'s Namespace was read again (its pause changed): aborts its callback if it now stops. */
  namespaceChanged(key: string, namespace: KubeObject | undefined): void;
  /** Aborts every running callback with `reason`. */
  abortAll(reason: Error): void;
}

interface Entry {
  abort: AbortController;
  selfPaused: boolean;
  /** The object as last seen (the pass's, then each watch event's and re-read's). */
  object: KubeObject;
  namespace: KubeObject | undefined;
}

/** Creates {@link RunningReconciles}. */
export function createRunningReconciles(options: RunningReconcilesOptions): RunningReconciles {
  const { client, policy, now, pauseCheckIntervalMs } = options;
  const running = new Map<string, Entry>();

  /** Aborts `key`'s callback when its object (`undefined`: deleted) is paused now. */
  const check = (key: string, object: KubeObject | undefined) => {
    const entry = running.get(key);
    if (!entry || entry.selfPaused || entry.abort.signal.aborted) return;
    if (object === undefined) {
      entry.abort.abort(new Error(`${key} was deleted while its reconcile was running`));
      return;
    }
    entry.object = object;
    const { namespace } = entry;
    const decision = decide(object, policy, now(), namespace ? { namespace } : undefined);
    if (decision.action === 'stop') {
      entry.abort.abort(
        new Error(
          decision.pausedBy === 'namespace'
            ? `the Namespace of ${key} was paused while its reconcile was running`
            : `${key} was paused while its reconcile was running`,
        ),
      );
    }
  };

  return {
    begin(key, ref, object, namespace) {
      const entry: Entry = { abort: new AbortController(), selfPaused: false, object, namespace };
      running.set(key, entry);
      let timer: NodeJS.Timeout | undefined;
      let ended = false;
      const arm = () => {
        if (pauseCheckIntervalMs === undefined || ended) return;
        timer = setTimeout(async () => {
          try {
            const fresh = await client.read(ref);
            if (!ended) check(key, fresh);
          } catch {
            // A failed re-read proves nothing: try again on the next tick.
          }
          if (!entry.abort.signal.aborted && !entry.selfPaused) arm();
        }, pauseCheckIntervalMs);
        timer.unref();
      };
      arm();
      return {
        signal: entry.abort.signal,
        selfPaused() {
          entry.selfPaused = true;
        },
        end() {
          ended = true;
          if (timer) clearTimeout(timer);
          if (running.get(key) === entry) running.delete(key);
        },
      };
    },
    observe(key, object, phase) {
      check(key, phase === 'DELETED' ? undefined : object);
    },
    namespaceChanged(key, namespace) {
      const entry = running.get(key);
      if (!entry) return;
      entry.namespace = namespace;
      check(key, entry.object);
    },
    abortAll(reason) {
      for (const entry of running.values()) {
        if (!entry.abort.signal.aborted) entry.abort.abort(reason);
      }
    },
  };
}
