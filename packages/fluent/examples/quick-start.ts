import { withPause } from '@pause/fluent';

export const widget = { group: 'example.com', version: 'v1', kind: 'Widget', plural: 'widgets' };

// In a Pepr capability: When(a.GenericKind, widget).IsCreatedOrUpdated().Reconcile(reconcile)
export const reconcile = withPause(
  { labelKey: 'example.com/paused' },
  async (obj, phase) => console.log(`reconciling ${obj.metadata?.name} (${phase})`),
  { kind: widget },
);
