import { integrationConfig } from '@pause/vitest-config';

// `--expose-gc`: the memory test samples the heap after `global.gc()`.
export default integrationConfig({ execArgv: ['--expose-gc'], testTimeout: 300_000 });
