import { withPause } from '@pause/fluent';

const widget = { group: 'example.com', version: 'v1', kind: 'Widget', plural: 'widgets' };

// `kubectl label namespace tenant-a example.com/paused=ops` pauses every Widget in tenant-a.
export const reconcile = withPause(
  { labelKey: 'example.com/paused', namespaceLabelKey: 'example.com/paused' },
  async (obj, _phase, log) => log?.info?.({ name: obj.metadata?.name }, 'reconciled'),
  { kind: widget, namespaceCacheMs: 5_000 }, // Namespaces re-read every 5 s
);
