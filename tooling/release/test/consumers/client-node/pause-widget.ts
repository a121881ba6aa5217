/**
 * A user's script for @pause/client-node, installed from a registry with @kubernetes/client-node:
 * label a widget as the user would (`kubectl label`), ask the pause gate, unlabel it, ask again.
 * Prints one JSON line. `KUBECONFIG=… node pause-widget.ts <namespace> <name>`
 */
import {
  CustomObjectsApi,
  KubeConfig,
  type KubernetesObject,
  PatchStrategy,
  setHeaderOptions,
} from '@kubernetes/client-node';
import { type ClientNodePauseGate, createPauseGate, PauseApiError } from '@pause/client-node';

const LABEL = 'example.com/paused';
const widgets = { group: 'example.com', version: 'v1', plural: 'widgets' };
const [namespace = 'default', name = 'demo'] = process.argv.slice(2);

const kubeConfig = new KubeConfig();
kubeConfig.loadFromDefault(); // KUBECONFIG, as the user's shell sets it
const api = kubeConfig.makeApiClient(CustomObjectsApi);
const gate: ClientNodePauseGate<KubernetesObject> = createPauseGate<KubernetesObject>({
  resource: { ...widgets, kind: 'Widget' },
  pause: { labelKey: LABEL },
  kubeConfig,
});

interface Condition {
  type: string;
  status: string;
  reason?: string;
}

function pausedCondition(object: KubernetesObject): Condition | null {
  const status = (object as { status?: { conditions?: Condition[] } }).status;
  return status?.conditions?.find((condition) => condition.type === 'Paused') ?? null;
}

/** As the user: a merge patch of the label (`null` removes it). */
async function label(value: string | null): Promise<KubernetesObject> {
  const body = { metadata: { labels: { [LABEL]: value } } };
  const options = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
  return api.patchNamespacedCustomObject({ ...widgets, namespace, name, body }, options);
}

/** Labels (or unlabels) the widget, runs the gate on it, reads it back from the server. */
async function step(value: string | null) {
  const outcome = await gate.run(await label(value));
  if (outcome.action === 'requeue') throw outcome.error;
  const stored: KubernetesObject = await api.getNamespacedCustomObject({
    ...widgets,
    namespace,
    name,
  });
  return { action: outcome.action, paused: pausedCondition(stored) };
}

try {
  const paused = await step('maintenance');
  const resumed = await step(null);
  const { connectionsOpened } = gate.client.connection.stats();
  console.log(JSON.stringify({ paused, resumed, connectionsOpened }));
} catch (error) {
  const kind = PauseApiError.isInstance(error) ? error.kind : 'other';
  console.log(JSON.stringify({ error: String(error), kind }));
  process.exitCode = 1;
} finally {
  await gate.close();
}
