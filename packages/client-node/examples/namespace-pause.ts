import { createPausableController } from '@pause/client-node';

// `kubectl label namespace tenant-a example.com/paused=ops` pauses every Widget in tenant-a.
const controller = createPausableController({
  resource: { group: 'example.com', version: 'v1', plural: 'widgets', kind: 'Widget' },
  pause: { labelKey: 'example.com/paused', namespaceLabelKey: 'example.com/paused' },
  reconcile: async (widget) => console.log('reconciling', widget.metadata?.name),
});
await controller.start();
