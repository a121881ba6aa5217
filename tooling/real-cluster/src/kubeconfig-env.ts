import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type KubeConfigOptions, kubeconfigFileText } from '@pause/kube-harness';

/** A temporary kubeconfig file. */
export interface KubeconfigFile {
  readonly path: string;
  /** Deletes the file (and its temporary directory). */
  remove(): void;
}

/** Writes `kubeConfig` to a kubeconfig file in a fresh temporary directory. */
export function writeKubeconfigFile(kubeConfig: KubeConfigOptions): KubeconfigFile {
  const dir = mkdtempSync(join(tmpdir(), 'pause-real-cluster-'));
  const path = join(dir, 'kubeconfig.json');
  writeFileSync(path, kubeconfigFileText(kubeConfig));
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Sets `process.env.KUBECONFIG` to `path`; returns the undo (restores the previous value). */
export function pointKubeconfigEnv(path: string): () => void {
  const previous = process.env.KUBECONFIG;
  process.env.KUBECONFIG = path;
  return () => {
    if (previous === undefined) delete process.env.KUBECONFIG;
    else process.env.KUBECONFIG = previous;
  };
}

/**
 * Points `KUBECONFIG` at a temporary file of `kubeConfig` (e.g. `cluster.info.kubeConfig`), the
 * way a user's shell would, for clients that read only `KUBECONFIG` (kubernetes-fluent-client) or
 * `loadFromDefault()`; returns the undo (restores the variable, deletes the file).
 */
export function exportKubeconfig(kubeConfig: KubeConfigOptions): () => void {
  const file = writeKubeconfigFile(kubeConfig);
  const restore = pointKubeconfigEnv(file.path);
  return () => {
    restore();
    file.remove();
  };
}
