import { PauseError } from './errors.ts';
import type { PausePolicy } from './policy.ts';

/**
 * The annotation a controller puts on its resource's CustomResourceDefinition to declare its
 * pause policy, so tools such as `kubectl pause` need no flags.
 */
export const POLICY_ANNOTATION = 'pause.dev/policy';

/** What a {@link POLICY_ANNOTATION} declares: the names a user (or a tool) needs to pause. */
export interface PolicyDeclaration {
  /** The label whose presence pauses an object. */
  labelKey: string;
  /** The annotation holding the user's reason. */
  reasonAnnotation?: string;
  /** The annotation holding the RFC 3339 time at which the pause lifts itself. */
  untilAnnotation?: string;
  /** The condition type the controller writes; `Paused` when absent. */
  conditionType?: string;
  /** The label that, on a Namespace, pauses all of the controller's objects in it. */
  namespaceLabelKey?: string;
}

/**
 * The `pause.dev/policy` annotation declaring `policy` on a CustomResourceDefinition: `key` and
 * `value`, JSON `{"labelKey", "reasonAnnotation"?, "untilAnnotation"?, "conditionType",
 * "namespaceLabelKey"?}`.
 */
export function policyAnnotation(policy: PausePolicy): { key: string; value: string } {
  const declaration: PolicyDeclaration = { labelKey: policy.labelKey };
  if (policy.reasonAnnotation !== undefined) declaration.reasonAnnotation = policy.reasonAnnotation;
  if (policy.untilAnnotation !== undefined) declaration.untilAnnotation = policy.untilAnnotation;
  declaration.conditionType = policy.conditionType;
  if (policy.namespaceLabelKey !== undefined) {
    declaration.namespaceLabelKey = policy.namespaceLabelKey;
  }
  return { key: POLICY_ANNOTATION, value: JSON.stringify(declaration) };
}

function optionalString(value: Record<string, unknown>, field: string): string | undefined {
  const v = value[field];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v === '') {
    throw new PauseError('INVALID_POLICY', `${POLICY_ANNOTATION}: "${field}" must be a string`);
  }
  return v;
}

/**
 * Reads the value of a {@link POLICY_ANNOTATION}; throws a `PauseError` (`INVALID_POLICY`) when
 * it is not JSON of the declared shape.
 */
export function parsePolicyAnnotation(value: string): PolicyDeclaration {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new PauseError('INVALID_POLICY', `${POLICY_ANNOTATION} is not JSON: ${value}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new PauseError('INVALID_POLICY', `${POLICY_ANNOTATION} must be a JSON object`);
  }
  const record = parsed as Record<string, unknown>;
  const labelKey = optionalString(record, 'labelKey');
  if (labelKey === undefined) {
    throw new PauseError('INVALID_POLICY', `${POLICY_ANNOTATION} has no "labelKey"`);
  }
  const declaration: PolicyDeclaration = { labelKey };
  const reasonAnnotation = optionalString(record, 'reasonAnnotation');
  const untilAnnotation = optionalString(record, 'untilAnnotation');
  const conditionType = optionalString(record, 'conditionType');
  if (reasonAnnotation !== undefined) declaration.reasonAnnotation = reasonAnnotation;
  if (untilAnnotation !== undefined) declaration.untilAnnotation = untilAnnotation;
  if (conditionType !== undefined) declaration.conditionType = conditionType;
  const namespaceLabelKey = optionalString(record, 'namespaceLabelKey');
  if (namespaceLabelKey !== undefined) declaration.namespaceLabelKey = namespaceLabelKey;
  return declaration;
}
