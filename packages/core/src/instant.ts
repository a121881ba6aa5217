/** Time as the core takes it: a `Date` or epoch milliseconds. Never read from a clock here. */
export type Instant = Date | number;

/** Epoch milliseconds of an {@link Instant}. */
export function toMillis(now: Instant): number {
  return typeof now === 'number' ? now : now.getTime();
}
