/** The custom resource the adapter works on (a CRD's `group`, served `version`, `plural`). */
export interface CustomResource {
  /** API group, e.g. `example.com`. */
  group: string;
  /** Served version, e.g. `v1`. */
  version: string;
  /** Plural resource name, e.g. `widgets`. */
  plural: string;
  /** `kind`, e.g. `Widget`. */
  kind: string;
  /** `false` for a cluster-scoped resource (`scope: Cluster`). Default `true` (`scope: Namespaced`). */
  namespaced?: boolean;
}
