import { createPauseGate } from '@pause/fluent';
import { GenericKind, K8s, RegisterKind } from 'kubernetes-fluent-client';

export class Widget extends GenericKind {
  declare spec?: { size?: number };
}
RegisterKind(Widget, { group: 'example.com', version: 'v1', kind: 'Widget', plural: 'widgets' });

export const gate = createPauseGate({ pause: { labelKey: 'example.com/paused' }, model: Widget });

async function reconcile(widget: Widget) {
  console.log(`reconciling ${widget.metadata?.name} at size ${widget.spec?.size}`);
}

// Your own loop (here a kfc watch): run the gate before each reconcile.
export const watcher = K8s(Widget).Watch(async (widget, phase) => {
  if (phase === 'DELETED') return;
  const outcome = await gate.run(widget); // writes the Paused condition and Events as needed
  if (outcome.action === 'continue') await reconcile(outcome.object); // a Widget, as stored
  if (outcome.action === 'requeue' && outcome.error.retryable) {
    console.warn(`look again in ${outcome.retryAfterMs ?? 1_000} ms: ${outcome.error.message}`);
  }
});
// await watcher.start(); … watcher.close(); await gate.close();
