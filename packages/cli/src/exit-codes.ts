/** Exit codes of `kubectl pause`. */
export const ExitCodes = Object.freeze({
  /** Everything done (or already so). */
  ok: 0,
  /** An error: API failure, forbidden, not found, no matches. */
  error: 1,
  /** Usage: bad arguments, or policy flags needed. */
  usage: 2,
  /** `--wait` ran out before the controller confirmed every object. */
  timeout: 3,
});
