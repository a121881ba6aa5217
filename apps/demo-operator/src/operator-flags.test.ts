import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { parseHostPort, parseOperatorFlags } from './operator-flags.ts';

describe('parseOperatorFlags', () => {
  it('runs the embedded demo without a cluster flag, and prints help with -h', () => {
    expect(parseOperatorFlags([], {})).toEqual({ mode: 'embedded' });
    expect(parseOperatorFlags(['-h'], {})).toEqual({ mode: 'help' });
  });

  it('has the Deployment defaults: :8080, 20 s, no leader election', () => {
    expect(parseOperatorFlags(['--in-cluster'], {})).toEqual({
      mode: 'cluster',
      options: { http: { host: '0.0.0.0', port: 8080 }, shutdownTimeoutMs: 20_000 },
    });
  });

  it('takes the Lease namespace and identity from POD_NAMESPACE and POD_NAME', () => {
    const env = { POD_NAMESPACE: 'ops', POD_NAME: 'widget-operator-7d9-abc' };
    expect(parseOperatorFlags(['--in-cluster', '--leader-elect'], env)).toMatchObject({
      options: {
        leaderElection: {
          leaseName: 'widget-operator',
          leaseNamespace: 'ops',
          identity: env.POD_NAME,
        },
      },
    });
    expect(parseOperatorFlags(['--in-cluster', '--leader-elect'], {})).toMatchObject({
      options: {
        leaderElection: { leaseNamespace: 'widget-system', identity: hostname() },
      },
    });
  });

  it('reads every flag', () => {
    const command = parseOperatorFlags(
      [
        '--kubeconfig',
        '/tmp/kc',
        '--namespaces',
        'a, b',
        '--label-selector',
        'shard=a',
        '--owner-id',
        'me',
        '--leader-elect',
        '--leader-election-namespace',
        'le',
        '--lease-name',
        'shard-a',
        '--http-address',
        '127.0.0.1:0',
        '--shutdown-timeout-ms',
        '500',
      ],
      { POD_NAMESPACE: 'ignored', POD_NAME: 'p' },
    );
    expect(command).toEqual({
      mode: 'cluster',
      options: {
        kubeconfig: '/tmp/kc',
        namespaces: ['a', 'b'],
        labelSelector: 'shard=a',
        ownerId: 'me',
        leaderElection: { leaseName: 'shard-a', leaseNamespace: 'le', identity: 'p' },
        http: { host: '127.0.0.1', port: 0 },
        shutdownTimeoutMs: 500,
      },
    });
  });

  it('rejects bad values and unknown flags', () => {
    expect(() => parseOperatorFlags(['--in-cluster', '--shutdown-timeout-ms', 'soon'], {})).toThrow(
      TypeError,
    );
    expect(() => parseOperatorFlags(['--in-cluster', '--http-address', '8080'], {})).toThrow(
      TypeError,
    );
    expect(() => parseOperatorFlags(['--in-cluster', '--leader-elected'], {})).toThrow();
  });
});

describe('parseHostPort', () => {
  it('parses IPv4, IPv6 and an empty host', () => {
    expect(parseHostPort('0.0.0.0:8080')).toEqual({ host: '0.0.0.0', port: 8080 });
    expect(parseHostPort('[::1]:9090')).toEqual({ host: '::1', port: 9090 });
    expect(parseHostPort(':0')).toEqual({ host: '0.0.0.0', port: 0 });
    expect(() => parseHostPort('host:99999')).toThrow(TypeError);
  });
});
