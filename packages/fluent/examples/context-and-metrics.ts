import { withPause } from '@pause/fluent';

const widget = { group: 'example.com', version: 'v1', kind: 'Widget', plural: 'widgets' };
const paused = new Set<string>(); // keys of the widgets paused now, for a gauge

export const reconcile = withPause(
  { labelKey: 'example.com/paused', ownerId: 'widget-operator' },
  async (obj, _phase, log, { signal, selfPause }) => {
    const name = obj.metadata?.name;
    // Pass the signal on: it aborts when the widget gets paused while this runs.
    const quota = await fetch(`https://quota.example.com/widgets/${name}`, { signal });
    if (quota.status === 403) {
      // Retrying cannot help: pause it, and let a person remove the label once fixed.
      await selfPause({ reason: 'QuotaExceeded', message: 'raise the quota, then unlabel' });
      return;
    }
    log?.info?.({ name }, 'reconciled');
  },
  {
    kind: widget,
    pauseCheckIntervalMs: 5_000, // while a reconcile runs: one GET every 5 s
    metrics: {
      onOutcome: ({ key, action }) => {
        if (action === 'stop') paused.add(key);
        if (action === 'continue' || action === 'gone') paused.delete(key);
      },
      onForget: (key) => paused.delete(key),
      onReconcile: ({ result, durationMs }) => console.log(`${result} in ${durationMs} ms`),
    },
  },
);
