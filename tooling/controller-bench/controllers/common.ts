/**
 * What every Node controller of the bench shares: its flags (the same as the Go reference's),
 * the `READY` line, the `STATS {...}` answer to a `stats` line on stdin, and SIGTERM handling.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';

export interface BenchFlags {
  kubeconfig: string;
  group: string;
  version: string;
  plural: string;
  kind: string;
  namespace: string;
  label: string;
  condition: string;
  workers: number;
}

export function benchFlags(): BenchFlags {
  const { values } = parseArgs({
    options: {
      kubeconfig: { type: 'string', default: '' },
      group: { type: 'string', default: 'bench.pause.test' },
      version: { type: 'string', default: 'v1' },
      plural: { type: 'string', default: 'widgets' },
      kind: { type: 'string', default: 'Widget' },
      namespace: { type: 'string', default: 'default' },
      label: { type: 'string', default: 'bench.pause.test/paused' },
      condition: { type: 'string', default: 'Paused' },
      workers: { type: 'string', default: '2' },
    },
    strict: true,
  });
  return {
    kubeconfig: values.kubeconfig,
    group: values.group,
    version: values.version,
    plural: values.plural,
    kind: values.kind,
    namespace: values.namespace,
    label: values.label,
    condition: values.condition,
    workers: Number(values.workers),
  };
}

/** Prints `READY`, answers `stats` lines, stops on SIGTERM/SIGINT (then exits). */
export function serve(stats: () => Record<string, number>, stop: () => Promise<unknown>): void {
  process.stdout.write('READY\n');
  const lines = createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    if (line.trim() === 'stats') process.stdout.write(`STATS ${JSON.stringify(stats())}\n`);
  });
  let stopping = false;
  const onSignal = () => {
    if (stopping) return;
    stopping = true;
    lines.close();
    void stop().finally(() => process.exit(0));
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
