/** The kfc floor: a Node process that only imports `kubernetes-fluent-client` (its RSS is the baseline of a kfc controller). */
import * as kfc from 'kubernetes-fluent-client';
import { serve } from './common.ts';

serve(
  () => ({ exports: Object.keys(kfc).length }),
  async () => undefined,
);
