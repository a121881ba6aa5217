import { describe, expect, it } from 'vitest';
import { DEFAULT_CONCURRENCY, DEFAULT_WAIT_MS, parseArgs } from './args.ts';

function parse(...argv: string[]) {
  let out = '';
  let err = '';
  const result = parseArgs(argv, '1.2.3', {
    out: (text) => {
      out += text;
    },
    err: (text) => {
      err += text;
    },
  });
  return { result, out, err };
}

function invocation(...argv: string[]) {
  const { result, err } = parse(...argv);
  if (result.kind !== 'run') throw new Error(`expected a run, got exit ${result.code}: ${err}`);
  return result.invocation;
}

describe('parseArgs', () => {
  it('parses a pause by name with reason, until and wait', () => {
    expect(
      invocation('widgets', 'a', 'b', '--reason', 'incident', '--until', '2h', '--wait', '-n', 'x'),
    ).toMatchObject({
      verb: 'pause',
      type: 'widgets',
      names: ['a', 'b'],
      reason: 'incident',
      until: '2h',
      waitMs: DEFAULT_WAIT_MS,
      namespace: 'x',
      allNamespaces: false,
      dryRun: false,
      concurrency: DEFAULT_CONCURRENCY,
      output: 'table',
    });
  });

  it('parses resume and status with their options, before or after the command', () => {
    expect(invocation('resume', 'widgets.demo.pause.dev', '-l', 'a=b', '--wait=5s')).toMatchObject({
      verb: 'resume',
      type: 'widgets.demo.pause.dev',
      selector: 'a=b',
      waitMs: 5000,
    });
    expect(invocation('status', 'widgets', '-A', '-o', 'json')).toMatchObject({
      verb: 'status',
      names: [],
      allNamespaces: true,
      output: 'json',
    });
    expect(invocation('-n', 'x', '--context', 'c', 'status', 'widgets')).toMatchObject({
      verb: 'status',
      namespace: 'x',
      context: 'c',
    });
  });

  it('takes the policy flags, --all, --dry-run, --concurrency, --by and --kubeconfig', () => {
    expect(
      invocation(
        'widgets',
        '--all',
        '--dry-run',
        '--concurrency',
        '3',
        '--by',
        'bob',
        '--kubeconfig',
        '/k',
        '--label-key',
        'a.io/p',
        '--reason-annotation',
        'a.io/why',
        '--until-annotation',
        'a.io/until',
        '--condition-type',
        'Held',
      ),
    ).toMatchObject({
      all: true,
      dryRun: true,
      concurrency: 3,
      by: 'bob',
      kubeconfig: '/k',
      policy: {
        labelKey: 'a.io/p',
        reasonAnnotation: 'a.io/why',
        untilAnnotation: 'a.io/until',
        conditionType: 'Held',
      },
    });
  });

  it('parses namespace pause, resume and status with any of the type names', () => {
    expect(
      invocation('namespace', 'shop', 'web', '--reason', 'db', '--until', '1h', '--wait=30s'),
    ).toMatchObject({
      verb: 'pause',
      namespaces: true,
      forType: undefined,
      names: ['shop', 'web'],
      reason: 'db',
      until: '1h',
      waitMs: 30_000,
    });
    expect(invocation('resume', 'ns', 'shop', '--for', 'widgets.a.io')).toMatchObject({
      verb: 'resume',
      namespaces: true,
      forType: 'widgets.a.io',
    });
    expect(invocation('status', 'Namespaces', '-o', 'json', '-n', 'x', '-A')).toMatchObject({
      verb: 'status',
      namespaces: true,
      names: [],
      namespace: undefined,
      allNamespaces: false,
      output: 'json',
    });
    expect(invocation('widgets', 'a')).toMatchObject({ namespaces: false });
  });

  it.each([
    [['namespace'], 'name the namespaces to pause: kubectl pause namespace NAME…'],
    [['resume', 'ns'], 'name the namespaces to resume: kubectl pause resume namespace NAME…'],
    [['namespace', 'a', '-l', 'x=y'], 'name the namespaces: NAME…'],
    [['status', 'namespaces', '--all'], 'name the namespaces: NAME…'],
    [['widgets', 'a', '--for', 'widgets'], '--for TYPE picks the policy of a namespace pause'],
  ])('%j is a usage error of a namespace pause (exit 2)', (argv, message) => {
    const { result, err } = parse(...argv);
    expect(result).toEqual({ kind: 'exit', code: 2 });
    expect(err).toContain(message);
  });

  it.each([
    [['widgets'], 'name the objects to pause'],
    [['resume', 'widgets'], 'name the objects to resume'],
    [[], 'you must specify the type of resource'],
    [['widgets', 'a', '-l', 'x'], 'use one of NAME…, -l SELECTOR and --all'],
    [['widgets', 'a', '-A'], 'cannot be named across all namespaces'],
    [['widgets', '--all', '-A', '-n', 'x'], 'either -n NAMESPACE or -A'],
    [['widgets', 'a', '--wait=soon'], '--wait=soon: expected a duration'],
    [['widgets', 'a', '--concurrency', '0'], '--concurrency 0'],
    [['widgets', 'a', '--reason', ''], '--reason must not be empty'],
    [['widgets', 'a', '--frobnicate'], "unknown option '--frobnicate'"],
    [['status', 'widgets', '-o', 'xml'], "argument 'xml' is invalid"],
    [['status', 'widgets', '--reason', 'x'], "unknown option '--reason'"],
  ])('%j is a usage error (exit 2)', (argv, message) => {
    const { result, err } = parse(...argv);
    expect(result).toEqual({ kind: 'exit', code: 2 });
    expect(err).toContain(message);
  });

  it('prints help and the version with exit 0', () => {
    const help = parse('--help');
    expect(help.result).toEqual({ kind: 'exit', code: 0 });
    expect(help.out).toContain('Usage: kubectl pause TYPE[.group]');
    expect(help.out).toContain('kubectl pause status TYPE [NAME…]');
    expect(help.out).toContain('kubectl pause namespace NAME…');
    expect(help.out).toContain('--for <type>');
    const statusHelp = parse('status', '--help');
    expect(statusHelp.out).toContain('-o, --output <format>');
    const version = parse('--version');
    expect(version.result).toEqual({ kind: 'exit', code: 0 });
    expect(version.out.trim()).toBe('1.2.3');
  });
});
