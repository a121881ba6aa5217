import type { KubernetesObject } from '@kubernetes/client-node';
import { createPauseGate } from '@pause/client-node';

export const gate = createPauseGate<KubernetesObject>({
  resource: { group: 'example.com', version: 'v1', plural: 'widgets', kind: 'Widget' },
  pause: { labelKey: 'example.com/paused' },
});

/** Your loop calls this for each widget it sees (from your informer, list or queue). */
export async function handle(widget: KubernetesObject) {
  const outcome = await gate.run(widget); // writes the Paused condition and Events as needed
  if (outcome.action !== 'continue') return outcome.action; // 'stop' | 'requeue' | 'gone'
  console.log(`reconciling ${outcome.object.metadata?.name}`); // your reconcile goes here
  return 'reconciled';
}
