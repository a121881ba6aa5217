/**
 * A user's script for @pause/fluent, installed from a registry with kubernetes-fluent-client:
 * label a widget as the user would, ask the pause gate, unlabel it, ask again. Prints one JSON
 * line. `KUBECONFIG=… node pause-widget.ts <namespace> <name>`
 */
import { createPauseGate, type FluentPauseGate, PauseApiError } from '@pause/fluent';
import { GenericKind, K8s, RegisterKind } from 'kubernetes-fluent-client';

export class Widget extends GenericKind {
  declare spec?: { size?: number };
}
RegisterKind(Widget, { group: 'example.com', version: 'v1', kind: 'Widget', plural: 'widgets' });

const LABEL = 'example.com/paused';
const [namespace = 'default', name = 'demo'] = process.argv.slice(2);
const gate: FluentPauseGate<Widget> = createPauseGate({
  pause: { labelKey: LABEL },
  model: Widget,
});

interface Condition {
  type: string;
  status: string;
  reason?: string;
}

function pausedCondition(object: Widget): Condition | null {
  const status = object.status as { conditions?: Condition[] } | undefined;
  return status?.conditions?.find((condition) => condition.type === 'Paused') ?? null;
}

/** As the user: a JSON Patch adding the labels map with the label, or removing the label. */
function label(value: string | null): Promise<Widget> {
  const escaped = LABEL.replaceAll('~', '~0').replaceAll('/', '~1');
  return K8s(Widget, { namespace, name }).Patch([
    value === null
      ? { op: 'remove', path: `/metadata/labels/${escaped}` }
      : { op: 'add', path: '/metadata/labels', value: { [LABEL]: value } },
  ]);
}

/** Labels (or unlabels) the widget, runs the gate on it, reads it back from the server. */
async function step(value: string | null) {
  const outcome = await gate.run(await label(value));
  if (outcome.action === 'requeue') throw outcome.error;
  const stored: Widget = await K8s(Widget).InNamespace(namespace).Get(name);
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
