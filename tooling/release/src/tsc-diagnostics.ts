/** One error of a `tsc` run (`--pretty false` output). */
export interface TscDiagnostic {
  /** As tsc prints it, relative to the project; `undefined` for a global (e.g. config) error. */
  file: string | undefined;
  code: string;
  /** The whole first line as printed. */
  text: string;
}

/** The errors in `tsc --pretty false` output (continuation lines are left out). */
export function parseTscOutput(output: string): TscDiagnostic[] {
  const diagnostics: TscDiagnostic[] = [];
  for (const line of output.split('\n')) {
    const located = /^(.+?)\(\d+,\d+\): error (TS\d+): /.exec(line);
    if (located) {
      diagnostics.push({ file: located[1], code: located[2] ?? '', text: line.trim() });
      continue;
    }
    const global = /^error (TS\d+): /.exec(line);
    if (global) diagnostics.push({ file: undefined, code: global[1] ?? '', text: line.trim() });
  }
  return diagnostics;
}

/**
 * Whether a diagnostic concerns the user's project or `packages` (e.g. `@pause/`): its own files,
 * the declarations of those packages, global errors. Errors inside other packages' declarations
 * (seen because the check runs with `skipLibCheck: false`) are theirs, and a user's default
 * `skipLibCheck: true` hides them.
 */
export function concernsUs(diagnostic: TscDiagnostic, scope: string): boolean {
  const file = diagnostic.file?.replaceAll('\\', '/');
  if (file === undefined) return true;
  const at = file.lastIndexOf('node_modules/');
  if (at === -1) return true;
  return file.slice(at + 'node_modules/'.length).startsWith(scope);
}
