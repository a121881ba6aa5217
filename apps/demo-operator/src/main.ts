import { parseArgs } from 'node:util';
import { runEmbeddedDemo } from './embedded-demo.ts';

const usage = `Usage: demo-operator [--kubeconfig FILE | --in-cluster] [--namespace NS] [--owner-id ID]

Without options it runs on an embedded in-memory cluster and prints what happens.
With --kubeconfig (or --in-cluster) it runs the Widget operator against a real cluster;
apply deploy/crd.yaml first.`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      kubeconfig: { type: 'string' },
      'in-cluster': { type: 'boolean', default: false },
      namespace: { type: 'string' },
      'owner-id': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  if (values.kubeconfig || values['in-cluster']) {
    const { runAgainstCluster } = await import('./cluster-mode.ts');
    await runAgainstCluster({
      ...(values.kubeconfig ? { kubeconfig: values.kubeconfig } : {}),
      ...(values.namespace ? { namespace: values.namespace } : {}),
      ...(values['owner-id'] ? { ownerId: values['owner-id'] } : {}),
    });
    return;
  }
  await runEmbeddedDemo((line) => console.log(line));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
