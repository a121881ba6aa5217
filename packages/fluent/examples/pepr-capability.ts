import { withPause } from '@pause/fluent';
import { a, Capability } from 'pepr';

const widget = { group: 'example.com', version: 'v1', kind: 'Widget', plural: 'widgets' };

export const Widgets = new Capability({
  name: 'widgets',
  description: 'Reconciles widgets. Label one example.com/paused to leave it alone.',
});
const { When } = Widgets;

When(a.GenericKind, widget)
  .IsCreatedOrUpdated()
  .Reconcile(
    withPause(
      { labelKey: 'example.com/paused', reasonAnnotation: 'example.com/pause-reason' },
      async (obj, phase, log) => {
        log?.info?.({ name: obj.metadata?.name, phase }, 'reconciling');
        // … your reconcile, unchanged
      },
      { kind: widget, events: { component: 'widgets' } },
    ),
  );
