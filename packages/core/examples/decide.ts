import { createPausePolicy, decide } from '@pause/core';

const policy = createPausePolicy({ labelKey: 'example.com/paused' });
const widget = {
  apiVersion: 'example.com/v1',
  kind: 'Widget',
  metadata: { name: 'demo', namespace: 'default', labels: { 'example.com/paused': 'ops' } },
};
const decision = decide(widget, policy, Date.now());
console.log(decision.action, decision.writes); // "stop": set Paused=True, do not reconcile
