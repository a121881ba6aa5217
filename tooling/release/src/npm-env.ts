import { childEnv } from './child-env.ts';
import type { LocalRegistry } from './local-registry.ts';

/**
 * The environment of `npm` (and of `changeset`, which runs `npm info` / `npm publish`) against
 * the local registry: its URL and user config (with the publisher's token) instead of the
 * user's `~/.npmrc`, and an npm cache of this run only.
 */
export function npmEnv(registry: LocalRegistry, cacheDir: string): NodeJS.ProcessEnv {
  return childEnv({
    npm_config_registry: registry.url,
    npm_config_userconfig: registry.userconfig,
    npm_config_cache: cacheDir,
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
  });
}
