import { randomBytes } from 'node:crypto';
import { connectRealCluster, createConformanceHarness } from '@pause/real-cluster';
import { describePauseConformance } from '../../src/conformance/describe.ts';
import { RawHttpPauseClient } from './raw-client.ts';
import { WIDGET } from './resources.ts';

const cluster = connectRealCluster();

// The suite against a real kube-apiserver 1.20, through a dependency-free reference client:
// proves every scenario is runnable on a real server (and that the fake answers like one).
describePauseConformance(
  'raw HTTP reference client on a real kube-apiserver',
  () => {
    const client = new RawHttpPauseClient(cluster.endpoint);
    return createConformanceHarness({
      cluster,
      resource: WIDGET,
      namespace: `conformance-${randomBytes(3).toString('hex')}`,
      client,
      faults: client.faults,
    });
  },
  { timeoutMs: 60_000 },
);
