/** One resource of a discovery document (`APIResourceList.resources[]` with its group). */
export interface ApiResourceInfo {
  /** `''` for the core group. */
  group: string;
  version: string;
  /** Plural resource name, e.g. `widgets`. */
  name: string;
  singularName: string;
  kind: string;
  shortNames: readonly string[];
  namespaced: boolean;
  verbs: readonly string[];
}

/** A discovery `APIResourceList` as served by `/api/v1` and `/apis/<group>/<version>`. */
export interface ApiResourceList {
  groupVersion: string;
  resources?: ReadonlyArray<{
    name: string;
    singularName?: string;
    kind: string;
    shortNames?: string[];
    namespaced: boolean;
    verbs?: string[];
  }>;
}

/** `TYPE[.version][.group]` as typed: the name part and what follows its first dot. */
export interface TypeQuery {
  name: string;
  /** `demo.pause.dev` or `v1alpha1.demo.pause.dev`; undefined without a dot. */
  qualifier: string | undefined;
}

/** Splits `widgets.demo.pause.dev` into `widgets` and `demo.pause.dev`. */
export function parseTypeQuery(text: string): TypeQuery {
  const lower = text.trim().toLowerCase();
  const dot = lower.indexOf('.');
  if (dot === -1) return { name: lower, qualifier: undefined };
  return { name: lower.slice(0, dot), qualifier: lower.slice(dot + 1) };
}

/** The resources of discovery lists, without subresources (`widgets/status`). */
export function resourcesOf(lists: readonly ApiResourceList[]): ApiResourceInfo[] {
  const found: ApiResourceInfo[] = [];
  for (const list of lists) {
    const slash = list.groupVersion.indexOf('/');
    const group = slash === -1 ? '' : list.groupVersion.slice(0, slash);
    const version = slash === -1 ? list.groupVersion : list.groupVersion.slice(slash + 1);
    for (const r of list.resources ?? []) {
      if (r.name.includes('/')) continue;
      found.push({
        group,
        version,
        name: r.name,
        singularName: r.singularName || r.kind.toLowerCase(),
        kind: r.kind,
        shortNames: r.shortNames ?? [],
        namespaced: r.namespaced,
        verbs: r.verbs ?? [],
      });
    }
  }
  return found;
}

/** `widgets.demo.pause.dev`, or `pods` in the core group: how kubectl names a resource. */
export function qualifiedName(resource: Pick<ApiResourceInfo, 'name' | 'group'>): string {
  return resource.group ? `${resource.name}.${resource.group}` : resource.name;
}

/** What {@link resolveType} found. */
export type Resolution =
  | { ok: true; resource: ApiResourceInfo }
  | { ok: false; problem: 'unknown' | 'ambiguous'; message: string; candidates: string[] };

function qualifierMatches(resource: ApiResourceInfo, qualifier: string | undefined): boolean {
  if (qualifier === undefined) return true;
  return qualifier === resource.group || qualifier === `${resource.version}.${resource.group}`;
}

/**
 * Resolves `TYPE[.group]` like kubectl over discovered resources: the plural, then the
 * singular, then the kind, then a short name (case-insensitive), optionally narrowed by
 * `.group` or `.version.group`. Among several groups the core group wins (as `kubectl get
 * events`); otherwise the answer is ambiguous and names the candidates.
 */
export function resolveType(text: string, resources: readonly ApiResourceInfo[]): Resolution {
  const query = parseTypeQuery(text);
  const scoped = resources.filter((r) => qualifierMatches(r, query.qualifier));
  const tiers: Array<(r: ApiResourceInfo) => boolean> = [
    (r) => r.name === query.name,
    (r) => r.singularName === query.name,
    (r) => r.kind.toLowerCase() === query.name,
    (r) => r.shortNames.some((s) => s.toLowerCase() === query.name),
  ];
  for (const tier of tiers) {
    const matches = scoped.filter(tier);
    if (matches.length === 0) continue;
    const byName = new Map<string, ApiResourceInfo>();
    for (const match of matches) {
      const key = qualifiedName(match);
      if (!byName.has(key)) byName.set(key, match);
    }
    const distinct = [...byName.values()];
    if (distinct.length === 1) return { ok: true, resource: distinct[0] as ApiResourceInfo };
    const core = distinct.filter((r) => r.group === '');
    if (core.length === 1) return { ok: true, resource: core[0] as ApiResourceInfo };
    const candidates = [...byName.keys()].sort();
    return {
      ok: false,
      problem: 'ambiguous',
      message: `resource type "${text}" is ambiguous: it matches ${candidates.join(', ')}; name one as TYPE.group`,
      candidates,
    };
  }
  return {
    ok: false,
    problem: 'unknown',
    message: `the server doesn't have a resource type "${text}"`,
    candidates: [],
  };
}
