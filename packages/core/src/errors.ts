/** Stable machine-readable codes carried by every {@link PauseError}. */
export type PauseErrorCode =
  | 'INVALID_LABEL_KEY'
  | 'INVALID_LABEL_VALUE'
  | 'INVALID_ANNOTATION_KEY'
  | 'INVALID_CONDITION_TYPE'
  | 'INVALID_POLICY'
  | 'MISSING_OWNER_ID'
  | 'INVALID_OBJECT'
  | 'UNSAFE_CONDITIONS'
  | 'API_ERROR';

const PAUSE_ERROR_MARKER = Symbol.for('@pause/core.PauseError');

/**
 * Base error of every pause package. Carries a stable `code`; recognise it across duplicated
 * package copies with {@link PauseError.isInstance} instead of `instanceof`.
 */
export class PauseError extends Error {
  readonly code: PauseErrorCode;
  readonly [PAUSE_ERROR_MARKER] = true;

  constructor(code: PauseErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PauseError';
    this.code = code;
  }

  /** True for any `PauseError` (or subclass), even from another copy of this package. */
  static isInstance(value: unknown): value is PauseError {
    return typeof value === 'object' && value !== null && PAUSE_ERROR_MARKER in value;
  }
}
