/** The floor: a Node process that only imports `@kubernetes/client-node` (its RSS is the baseline). */
import * as k8s from '@kubernetes/client-node';
import { serve } from './common.ts';

const kubeConfig = new k8s.KubeConfig();
serve(
  () => ({ exports: Object.keys(k8s).length + (kubeConfig ? 0 : 1) }),
  async () => undefined,
);
