import { Command, CommanderError, Option } from 'commander';
import { parseDuration } from './duration.ts';
import type { OutputFormat } from './format.ts';
import type { PolicyFlags } from './model.ts';

/** The three commands: `kubectl pause`, `kubectl pause resume`, `kubectl pause status`. */
export type Verb = 'pause' | 'resume' | 'status';

/** The type names that select Namespaces themselves: a namespace pause (`namespaceLabelKey`). */
export const NAMESPACE_TYPES: readonly string[] = ['namespace', 'namespaces', 'ns'];

/** A parsed, checked command line. */
export interface Invocation {
  verb: Verb;
  type: string;
  /**
   * True when TYPE is `namespace`, `namespaces` or `ns`: the command pauses, resumes or shows
   * Namespaces with the controllers' `namespaceLabelKey`, not objects with their `labelKey`.
   */
  namespaces: boolean;
  /** `--for TYPE[.group]`: whose policy names the namespace label (namespace pause only). */
  forType: string | undefined;
  names: string[];
  selector: string | undefined;
  all: boolean;
  namespace: string | undefined;
  allNamespaces: boolean;
  reason: string | undefined;
  /** As typed: a duration or an RFC 3339 time. */
  until: string | undefined;
  /** The label value; default: the user's name. */
  by: string | undefined;
  /** Milliseconds to wait for the controller; undefined without `--wait`. */
  waitMs: number | undefined;
  dryRun: boolean;
  concurrency: number;
  output: OutputFormat;
  kubeconfig: string | undefined;
  context: string | undefined;
  policy: PolicyFlags;
}

/** What parsing gave: an invocation to run, or an exit (help, version, usage error). */
export type ParsedArgs = { kind: 'run'; invocation: Invocation } | { kind: 'exit'; code: number };

/** Where parsing writes help and errors. */
export interface ArgsOutput {
  out(text: string): void;
  err(text: string): void;
}

/** The default of `--wait` without a value. */
export const DEFAULT_WAIT_MS = 60_000;
/** The default of `--concurrency`. */
export const DEFAULT_CONCURRENCY = 8;

const EXIT_CODES_HELP = `
Exit codes: 0 all done, 1 errors (API errors, forbidden, not found, no matches),
2 usage (bad flags, missing policy flags), 3 timed out waiting for the controller.`;

class UsageError extends Error {}

function selectionOptions(command: Command): Command {
  return command
    .option('-l, --selector <selector>', 'label selector, e.g. app=web,tier!=db')
    .option('--all', 'every object of TYPE in the namespace')
    .option('-n, --namespace <namespace>', 'namespace (default: the context namespace)')
    .option('-A, --all-namespaces', 'objects in every namespace')
    .option('--kubeconfig <path>', 'kubeconfig file (default: $KUBECONFIG or ~/.kube/config)')
    .option('--context <name>', 'kubeconfig context to use')
    .option(
      '--label-key <key>',
      'the pause label (default: the CRD pause.dev/policy); for namespace: the namespace label',
    )
    .option(
      '--for <type>',
      'namespace pause: use the policy of this TYPE[.group] (when controllers disagree)',
    )
    .option('--reason-annotation <key>', 'annotation holding the reason')
    .option('--until-annotation <key>', 'annotation holding the RFC 3339 end time')
    .option('--condition-type <type>', 'condition the controller writes (default Paused)');
}

function writeOptions(command: Command): Command {
  return command
    .option('--wait [timeout]', 'wait until the controller confirms (default 60s), e.g. --wait=2m')
    .option('--dry-run', 'print what would change; change nothing')
    .option('--concurrency <n>', 'parallel requests (default 8)');
}

function checkSelection(
  verb: Verb,
  type: string | undefined,
  names: string[],
  opts: Record<string, unknown>,
): Invocation {
  if (!type) throw new UsageError('you must specify the type of resource, e.g. widgets');
  const selector = opts.selector as string | undefined;
  const all = opts.all === true;
  const namespaces = NAMESPACE_TYPES.includes(type.trim().toLowerCase());
  const forType = opts.for as string | undefined;
  if (namespaces) {
    if (selector !== undefined || all) {
      throw new UsageError(
        'name the namespaces: NAME… (-l and --all select objects, not namespaces)',
      );
    }
    if (verb !== 'status' && names.length === 0) {
      throw new UsageError(
        `name the namespaces to ${verb}: kubectl pause ${verb === 'pause' ? '' : `${verb} `}namespace NAME…`,
      );
    }
  } else if (forType !== undefined) {
    throw new UsageError(
      '--for TYPE picks the policy of a namespace pause: use it with the type namespace',
    );
  }
  const ways = [names.length > 0, selector !== undefined, all].filter(Boolean).length;
  if (verb !== 'status' && ways === 0) {
    throw new UsageError(`name the objects to ${verb}: NAME…, -l SELECTOR or --all`);
  }
  if (ways > 1) throw new UsageError('use one of NAME…, -l SELECTOR and --all');
  // Namespaces are cluster-scoped: -n and -A do not apply to them (as in kubectl).
  const allNamespaces = !namespaces && opts.allNamespaces === true;
  if (allNamespaces && names.length > 0) {
    throw new UsageError('a resource cannot be named across all namespaces: drop -A or use -l');
  }
  if (allNamespaces && opts.namespace !== undefined) {
    throw new UsageError('use either -n NAMESPACE or -A');
  }
  let waitMs: number | undefined;
  if (opts.wait !== undefined) {
    waitMs = opts.wait === true ? DEFAULT_WAIT_MS : parseDuration(String(opts.wait));
    if (waitMs === undefined || waitMs <= 0) {
      throw new UsageError(`--wait=${String(opts.wait)}: expected a duration such as 30s, 2m`);
    }
  }
  let concurrency = DEFAULT_CONCURRENCY;
  if (opts.concurrency !== undefined) {
    concurrency = Number(opts.concurrency);
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256) {
      throw new UsageError(`--concurrency ${String(opts.concurrency)}: expected 1 to 256`);
    }
  }
  const output = (opts.output as string | undefined) ?? 'table';
  if (output !== 'table' && output !== 'json' && output !== 'yaml') {
    throw new UsageError(`-o ${output}: expected json or yaml`);
  }
  if (opts.reason === '') throw new UsageError('--reason must not be empty');
  return {
    verb,
    type,
    namespaces,
    forType,
    names,
    selector,
    all,
    namespace: namespaces ? undefined : (opts.namespace as string | undefined),
    allNamespaces,
    reason: opts.reason as string | undefined,
    until: opts.until as string | undefined,
    by: opts.by as string | undefined,
    waitMs,
    dryRun: opts.dryRun === true,
    concurrency,
    output,
    kubeconfig: opts.kubeconfig as string | undefined,
    context: opts.context as string | undefined,
    policy: {
      labelKey: opts.labelKey as string | undefined,
      reasonAnnotation: opts.reasonAnnotation as string | undefined,
      untilAnnotation: opts.untilAnnotation as string | undefined,
      conditionType: opts.conditionType as string | undefined,
    },
  };
}

/** Builds the commander program; `onRun` gets the checked invocation. */
function program(
  version: string,
  output: ArgsOutput,
  onRun: (invocation: Invocation) => void,
): Command {
  const root = new Command('kubectl pause')
    .description(
      'Pause reconciliation of Kubernetes objects whose controller uses pause, resume it, and show it.',
    )
    .usage('TYPE[.group] (NAME… | -l SELECTOR | --all) [--reason TEXT] [--until 2h] [--wait]')
    .version(version, '--version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .configureOutput({ writeOut: output.out, writeErr: output.err })
    .exitOverride()
    .enablePositionalOptions()
    .showSuggestionAfterError(true)
    .argument(
      '[type]',
      'resource type: plural, singular, kind or short name, optionally .group; or namespace',
    )
    .argument('[names...]', 'object names');
  selectionOptions(root);
  root
    .option('--reason <text>', 'why: stored in the reason annotation')
    .option(
      '--until <when>',
      'lift the pause after a duration (90s, 30m, 2h) or at an RFC 3339 time',
    )
    .option('--by <name>', 'who pauses: the label value (default: $USER)');
  writeOptions(root);
  root.addHelpText(
    'after',
    `
Commands:
  kubectl pause TYPE NAME…            pause objects (see above)
  kubectl pause resume TYPE NAME…     resume them: remove the label, reason and until
  kubectl pause status TYPE [NAME…]   show what is paused, by whom, why, until when
  kubectl pause namespace NAME…       pause every object of the controllers in a namespace
  kubectl pause resume namespace NAME…
  kubectl pause status namespaces     show the paused namespaces

Examples:
  kubectl pause widgets hello --reason "incident 4711" --until 2h --wait
  kubectl pause widgets.demo.pause.dev -l team=web -n shop
  kubectl pause resume widgets -l team=web --wait=2m
  kubectl pause status widgets -A -o json
  kubectl pause namespace shop --reason "migration" --until 1h --wait
${EXIT_CODES_HELP}
`,
  );
  root.action((type: string | undefined, names: string[], opts: Record<string, unknown>) => {
    onRun(checkSelection('pause', type, names, opts));
  });

  const resume = new Command('resume')
    .description('resume objects: remove the pause label and the reason/until annotations')
    .usage('TYPE[.group] (NAME… | -l SELECTOR | --all) [--wait]')
    .argument('[type]')
    .argument('[names...]');
  selectionOptions(resume);
  writeOptions(resume);
  resume.addHelpText(
    'after',
    `\nExamples:\n  kubectl pause resume widgets hello --wait\n  kubectl pause resume namespace shop --wait\n${EXIT_CODES_HELP}\n`,
  );
  resume.action((type: string | undefined, names: string[], _opts: unknown, command: Command) => {
    onRun(checkSelection('resume', type, names, command.optsWithGlobals()));
  });

  const status = new Command('status')
    .description('show the pause state of objects as a table, or -o json|yaml')
    .usage('TYPE[.group] [NAME… | -l SELECTOR] [-o json|yaml]')
    .argument('[type]')
    .argument('[names...]');
  selectionOptions(status);
  status.addOption(
    new Option('-o, --output <format>', 'json or yaml (default: a table)').choices([
      'json',
      'yaml',
      'table',
    ]),
  );
  status.addHelpText(
    'after',
    `\nExamples:\n  kubectl pause status widgets -A\n  kubectl pause status namespaces\n${EXIT_CODES_HELP}\n`,
  );
  status.action((type: string | undefined, names: string[], _opts: unknown, command: Command) => {
    onRun(checkSelection('status', type, names, command.optsWithGlobals()));
  });

  for (const sub of [resume, status]) {
    sub.configureOutput({ writeOut: output.out, writeErr: output.err }).exitOverride();
    root.addCommand(sub);
  }
  return root;
}

/**
 * Parses the arguments after `kubectl-pause` (`argv` without node and the script). Help and
 * `--version` exit 0; usage errors are written to `output.err` and exit 2.
 */
export function parseArgs(
  argv: readonly string[],
  version: string,
  output: ArgsOutput,
): ParsedArgs {
  let invocation: Invocation | undefined;
  try {
    program(version, output, (parsed) => {
      invocation = parsed;
    }).parse([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      return { kind: 'exit', code: error.exitCode === 0 ? 0 : 2 };
    }
    if (error instanceof UsageError) {
      output.err(`error: ${error.message}\nSee 'kubectl pause --help'.\n`);
      return { kind: 'exit', code: 2 };
    }
    throw error;
  }
  if (!invocation) return { kind: 'exit', code: 2 };
  return { kind: 'run', invocation };
}
