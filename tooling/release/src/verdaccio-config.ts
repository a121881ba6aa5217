/** What the local registry serves. */
export interface VerdaccioConfigOptions {
  /** Folder of published and cached packages. */
  storage: string;
  /** The htpasswd file of the registry's users (the publisher is added at start). */
  htpasswd: string;
  /** Scope published to and served by this registry alone, e.g. `@pause`: never proxied. */
  scope: string;
  /** Where every other package comes from, e.g. `https://registry.npmjs.org/`. */
  uplink: string;
}

/**
 * A verdaccio config (YAML; JSON is valid YAML): `scope/*` may be published by a logged-in user
 * and is served from `storage` only (no uplink, so a name of the scope on the public registry is
 * never fetched); everything else is read-only and proxied to `uplink`, cached for the run. No
 * web UI, no audit endpoint, warnings-only log.
 */
export function verdaccioConfig(options: VerdaccioConfigOptions): string {
  const config = {
    storage: options.storage,
    auth: { htpasswd: { file: options.htpasswd, max_users: 10 } },
    uplinks: {
      upstream: {
        url: options.uplink,
        timeout: '60s',
        maxage: '30m',
        max_fails: 10,
        fail_timeout: '10s',
        cache: true,
      },
    },
    packages: {
      [`${options.scope}/*`]: {
        access: '$all',
        publish: '$authenticated',
        unpublish: '$authenticated',
      },
      '**': { access: '$all', publish: 'nobody-publishes-here', proxy: 'upstream' },
    },
    web: { enable: false },
    middlewares: { audit: { enabled: false } },
    max_body_size: '50mb',
    log: { type: 'stdout', format: 'json', level: 'warn' },
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}
