import { type KubeEndpoint, kubeRequest } from './client.ts';
import { eventually } from './eventually.ts';

/** Options of {@link testCrd}: one custom resource type of a test suite. */
export interface TestCrdOptions {
  /** API group, e.g. `widgets.pause.test`. */
  group: string;
  /** Served and stored version (default `v1`). */
  version?: string;
  kind: string;
  plural: string;
  scope?: 'Namespaced' | 'Cluster';
  /**
   * `free`: `status` is not validated (`x-kubernetes-preserve-unknown-fields`), so malformed
   * status can be stored; `map`: `status.conditions` is a map-list
   * (`x-kubernetes-list-type: map`) keyed by `type`, so server-side apply merges per entry.
   */
  conditions: 'map' | 'free';
  /**
   * With `map`: `strict` (default) validates each condition like `metav1.Condition` (`type` and
   * `status` required, `status` one of True/False/Unknown, `lastTransitionTime` a date-time);
   * `lenient` requires only `type` and keeps unknown fields elsewhere in `status`.
   */
  conditionSchema?: 'strict' | 'lenient';
  /** OpenAPI v3 schema of `spec` (default: any object, `x-kubernetes-preserve-unknown-fields`). */
  specSchema?: Record<string, unknown>;
}

/** A CustomResourceDefinition (`apiextensions.k8s.io/v1`) as plain JSON. */
export interface CrdManifest {
  apiVersion: 'apiextensions.k8s.io/v1';
  kind: 'CustomResourceDefinition';
  metadata: { name: string };
  spec: {
    group: string;
    scope: 'Namespaced' | 'Cluster';
    names: { plural: string; singular: string; kind: string; listKind: string };
    versions: Array<{
      name: string;
      served: boolean;
      storage: boolean;
      subresources: { status: Record<string, never> };
      schema: { openAPIV3Schema: Record<string, unknown> };
    }>;
  };
}

const PRESERVE = 'x-kubernetes-preserve-unknown-fields';

function conditionItem(schema: 'strict' | 'lenient') {
  const strict = schema === 'strict';
  return {
    type: 'object',
    required: strict ? ['type', 'status'] : ['type'],
    properties: {
      type: { type: 'string' },
      status: strict ? { type: 'string', enum: ['True', 'False', 'Unknown'] } : { type: 'string' },
      reason: { type: 'string' },
      message: { type: 'string' },
      lastTransitionTime: strict ? { type: 'string', format: 'date-time' } : { type: 'string' },
      observedGeneration: { type: 'integer' },
    },
  };
}

function statusSchema(options: TestCrdOptions): Record<string, unknown> {
  if (options.conditions === 'free') return { type: 'object', [PRESERVE]: true };
  const schema = options.conditionSchema ?? 'strict';
  const conditions = {
    type: 'array',
    'x-kubernetes-list-type': 'map',
    'x-kubernetes-list-map-keys': ['type'],
    items: conditionItem(schema),
  };
  return {
    type: 'object',
    ...(schema === 'lenient' ? { [PRESERVE]: true } : {}),
    properties: { conditions },
  };
}

/** The CustomResourceDefinition of a test resource, with a `/status` subresource. */
export function testCrd(options: TestCrdOptions): CrdManifest {
  const version = options.version ?? 'v1';
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${options.plural}.${options.group}` },
    spec: {
      group: options.group,
      scope: options.scope ?? 'Namespaced',
      names: {
        plural: options.plural,
        singular: options.kind.toLowerCase(),
        kind: options.kind,
        listKind: `${options.kind}List`,
      },
      versions: [
        {
          name: version,
          served: true,
          storage: true,
          subresources: { status: {} },
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: {
                spec: options.specSchema ?? { type: 'object', [PRESERVE]: true },
                status: statusSchema(options),
              },
            },
          },
        },
      ],
    },
  };
}

/** Options of {@link installCrd}. */
export interface InstallCrdOptions {
  /** Give up waiting after this many milliseconds (default 30 s). */
  timeoutMs?: number;
}

/**
 * Creates a CustomResourceDefinition (an existing one, HTTP 409 AlreadyExists, is kept), waits
 * until its `Established` condition is True and its resources can be listed.
 */
export async function installCrd(
  endpoint: KubeEndpoint,
  manifest: CrdManifest,
  options: InstallCrdOptions = {},
): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const crdsPath = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';
  const created = await kubeRequest(endpoint, { path: crdsPath, body: manifest });
  if (created.status !== 201 && created.status !== 409) {
    throw new Error(`create CRD ${manifest.metadata.name}: HTTP ${created.status} ${created.text}`);
  }
  const name = manifest.metadata.name;
  await eventually(
    `CRD ${name} Established`,
    async () => {
      const got = await kubeRequest<{
        status?: { conditions?: Array<{ type: string; status: string }> };
      }>(endpoint, { path: `${crdsPath}/${name}` });
      const established = got.body?.status?.conditions?.find((c) => c.type === 'Established');
      return established?.status === 'True' ? true : undefined;
    },
    timeoutMs,
  );
  const { group, names, versions } = manifest.spec;
  const list = `/apis/${group}/${versions[0]?.name ?? 'v1'}/${names.plural}?limit=1`;
  await eventually(
    `${names.plural}.${group} served`,
    async () => ((await kubeRequest(endpoint, { path: list })).status === 200 ? true : undefined),
    timeoutMs,
  );
}
