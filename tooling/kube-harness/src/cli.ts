#!/usr/bin/env node
/**
 * `node tooling/kube-harness/src/cli.ts <command>`
 *
 * - `ensure`  install/build kube-apiserver + etcd if missing (idempotent, cached)
 * - `where`   print the folder holding the binaries (exit 1 if missing)
 * - `start`   run a server until Ctrl-C and print its kubeconfig path
 * @packageDocumentation
 */
import { ENSURE_HINT, ensureAssets, findAssets, readManifest } from './assets.ts';
import { start } from './start.ts';

async function main(command: string | undefined): Promise<number> {
  switch (command) {
    case 'ensure': {
      const t0 = Date.now();
      const assets = await ensureAssets();
      const manifest = assets.source === 'cache' ? readManifest() : undefined;
      if (manifest) {
        console.log(
          `[ensure] manifest: kube-apiserver ${manifest.kubernetesVersion} (${(manifest.bytes['kube-apiserver'] / 1e6).toFixed(0)} MB, built in ${manifest.buildSeconds} s with ${manifest.goVersion}), etcd ${manifest.etcdVersion}`,
        );
      }
      console.log(`[ensure] done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      return 0;
    }
    case 'where': {
      const assets = findAssets();
      if (!assets) {
        console.error(`not found; run: ${ENSURE_HINT}`);
        return 1;
      }
      console.log(assets.dir);
      return 0;
    }
    case 'start': {
      const harness = await start();
      console.log(`server:     ${harness.server}`);
      console.log(`kubeconfig: ${harness.kubeconfigPath}`);
      console.log(
        `ready in ${harness.timings.totalMs} ms; pids etcd=${harness.pids.etcd} kube-apiserver=${harness.pids.apiServer}`,
      );
      console.log('Ctrl-C to stop');
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await harness.stop();
      console.log('stopped');
      return 0;
    }
    default:
      console.error('usage: node tooling/kube-harness/src/cli.ts ensure|where|start');
      return 2;
  }
}

main(process.argv[2]).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`[kube-harness] ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
