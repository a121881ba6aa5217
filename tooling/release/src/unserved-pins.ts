import { fetchPackument } from './tarball.ts';

/** What {@link unservedPins} found. */
export interface PinReport {
  /** The version `npm install <name>` gets: the `latest` dist-tag. */
  version: string;
  /** Its dependencies pinned to one exact version that the registry does not serve. */
  unserved: { name: string; version: string }[];
}

const EXACT = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;

/**
 * The exact-version dependencies of the latest `name` that `registryUrl` cannot serve: each
 * makes `npm install name` fail (ETARGET) unless the installing project overrides it. E.g.
 * kubernetes-fluent-client 3.11.x pins `quicktype-core@25.0.0`, which some registries withhold.
 */
export async function unservedPins(registryUrl: string, name: string): Promise<PinReport> {
  const packument = await fetchPackument(registryUrl, name);
  const version = packument?.['dist-tags'].latest;
  const manifest = version ? packument?.versions[version] : undefined;
  if (!version || !manifest) throw new Error(`${name} has no latest version on ${registryUrl}`);
  const unserved: PinReport['unserved'] = [];
  for (const [dependency, range] of Object.entries(manifest.dependencies ?? {})) {
    if (!EXACT.test(range)) continue;
    const served = await fetchPackument(registryUrl, dependency);
    if (!served?.versions[range]) unserved.push({ name: dependency, version: range });
  }
  return { version, unserved };
}
