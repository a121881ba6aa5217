import { delimiter, dirname } from 'node:path';

/**
 * Variables of the process that started this one (`npm run`, turbo, vitest) that must not leak
 * into a child: `npm_config_*` would point npm at this workspace's settings, `NODE_OPTIONS` could
 * carry `--conditions=dev-source` (sources instead of the published `dist/`), `NODE_ENV=test`.
 */
const INHERITED_NOT_PASSED = /^(npm_|init_cwd$|node_options$|node_env$|vitest)/i;

/**
 * The environment of a child command: this one minus {@link INHERITED_NOT_PASSED}, with the
 * directory of the Node running this process (22) first on `PATH`, so that `npm`, `tsc` and
 * every `#!/usr/bin/env node` script run on it, plus `extra`.
 */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!INHERITED_NOT_PASSED.test(key)) env[key] = value;
  }
  env.PATH = [dirname(process.execPath), process.env.PATH ?? ''].join(delimiter);
  return { ...env, ...extra };
}
