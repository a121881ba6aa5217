import { createPausableController } from '@pause/client-node';

export const controller = createPausableController({
  resource: { group: 'example.com', version: 'v1', plural: 'widgets', kind: 'Widget' },
  pause: { labelKey: 'example.com/paused' },
  reconcile: async (widget) => console.log(`reconciling ${widget.metadata?.name}`),
});
await controller.start(); // `kubectl label widget <name> example.com/paused=<why>` pauses one
