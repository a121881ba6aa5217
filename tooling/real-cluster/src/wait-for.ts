import { eventually } from '@pause/kube-harness';

/**
 * Polls `probe` every 50 ms until it returns something other than `undefined` or `false`, and
 * resolves with it; throws `timed out waiting for <what>` after `timeoutMs` (default 30 s).
 */
export function waitFor<T>(
  what: string,
  probe: () => T | false | undefined | Promise<T | false | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  return eventually(
    what,
    async () => {
      const value = await probe();
      return value === false ? undefined : value;
    },
    timeoutMs,
    50,
  );
}
