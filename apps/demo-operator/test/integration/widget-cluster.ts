import { readFileSync } from 'node:fs';
import {
  ApiException,
  ApiextensionsV1Api,
  CoreV1Api,
  type KubeConfig,
  type V1CustomResourceDefinition,
} from '@kubernetes/client-node';
import { eventually } from '@pause/kube-harness';
import { parse } from 'yaml';

/** Ignores a 409 AlreadyExists: another test file of the run created it. */
async function createOnce(create: () => Promise<unknown>): Promise<void> {
  try {
    await create();
  } catch (error) {
    if (!(error instanceof ApiException && error.code === 409)) throw error;
  }
}

/** Applies deploy/crd.yaml (unless there) and waits until the Widget CRD is established. */
export async function ensureWidgetCrd(kc: KubeConfig): Promise<void> {
  const crd = parse(
    readFileSync(new URL('../../deploy/crd.yaml', import.meta.url), 'utf8'),
  ) as V1CustomResourceDefinition;
  const ext = kc.makeApiClient(ApiextensionsV1Api);
  await createOnce(() => ext.createCustomResourceDefinition({ body: crd }));
  await eventually('the Widget CRD to be established', async () => {
    const stored = await ext.readCustomResourceDefinition({ name: 'widgets.demo.pause.dev' });
    return stored.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True')
      ? true
      : undefined;
  });
}

/** Creates the namespace `name` unless it exists. */
export async function ensureNamespace(kc: KubeConfig, name: string): Promise<void> {
  await createOnce(() =>
    kc.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name } } }),
  );
}
