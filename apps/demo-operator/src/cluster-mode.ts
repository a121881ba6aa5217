/** Runs the Widget operator against a real cluster (filled in with @pause/client-node). */
export async function runAgainstCluster(_options: {
  kubeconfig?: string;
  namespace?: string;
}): Promise<void> {
  throw new Error('not yet wired');
}
