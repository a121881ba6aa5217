/**
 * `@pause/cli`: `kubectl pause`, the command line for the people who pause things. Pause,
 * resume and inspect the pause of objects whose controller uses pause; the label and annotation
 * names come from the CRD's `pause.dev/policy` annotation or from flags.
 * @packageDocumentation
 */

export { ExitCodes, type KubectlPauseIO, type OutputStream, runKubectlPause } from './run.ts';
