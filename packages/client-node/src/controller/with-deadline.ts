/**
 * Waits for `promise` at most `timeoutMs` (none: no limit); resolves `true` when it settled in
 * time, `false` at the deadline. Never rejects.
 */
export async function settledWithin(
  promise: Promise<unknown>,
  timeoutMs?: number,
): Promise<boolean> {
  const settled = promise.then(
    () => true,
    () => true,
  );
  if (timeoutMs === undefined) return settled;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), Math.max(0, timeoutMs));
  });
  try {
    return await Promise.race([settled, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
