import { inject } from 'vitest';
import { describePauseConformance } from '../../src/conformance/describe.ts';
import type {} from './kube.ts';
import { makeRawHarness } from './raw-harness.ts';

const kube = inject('kube');

// The suite against a real kube-apiserver 1.20, through a dependency-free reference client:
// proves every scenario is runnable on a real server (and that the fake answers like one).
describePauseConformance(
  'raw HTTP reference client on a real kube-apiserver',
  () => {
    if (!kube.available) throw new Error(`no API server: ${kube.reason}`);
    return makeRawHarness({ server: kube.server, caPem: kube.caPem, token: kube.token });
  },
  { timeoutMs: 60_000 },
);
