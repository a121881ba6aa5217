import { execFile } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Files of a throw-away PKI for one API server. */
export interface CertBundle {
  /** CA certificate (PEM file) that signed the serving certificate; also the client CA. */
  caCertPath: string;
  caKeyPath: string;
  /** Contents of {@link CertBundle.caCertPath}. */
  caPem: string;
  /** Serving certificate for `127.0.0.1` and `localhost`. */
  serverCertPath: string;
  serverKeyPath: string;
  /** RSA key signing service-account tokens (PKCS#1 PEM). */
  serviceAccountKeyPath: string;
  /** Public half of the service-account key (SPKI PEM). */
  serviceAccountPubPath: string;
}

async function openssl(args: string[], cwd: string): Promise<void> {
  try {
    await run('openssl', args, { cwd });
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new Error(`openssl ${args[0]} failed: ${e.stderr ?? e.message}`);
  }
}

/**
 * Creates a CA, a serving certificate (SAN `IP:127.0.0.1`, `DNS:localhost`) signed by it,
 * and a service-account signing key in `dir`, using the `openssl` command.
 */
export async function generateCerts(dir: string): Promise<CertBundle> {
  const p = (name: string) => join(dir, name);
  await openssl(
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-sha256',
      '-days',
      '3650',
      '-keyout',
      p('ca.key'),
      '-out',
      p('ca.crt'),
      '-subj',
      '/CN=pause-kube-harness-ca',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign,digitalSignature',
    ],
    dir,
  );
  await openssl(
    [
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-sha256',
      '-keyout',
      p('server.key'),
      '-out',
      p('server.csr'),
      '-subj',
      '/CN=kube-apiserver',
    ],
    dir,
  );
  writeFileSync(
    p('server.ext'),
    [
      'basicConstraints=CA:FALSE',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      'extendedKeyUsage=serverAuth',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '',
    ].join('\n'),
  );
  await openssl(
    [
      'x509',
      '-req',
      '-sha256',
      '-days',
      '3650',
      '-in',
      p('server.csr'),
      '-CA',
      p('ca.crt'),
      '-CAkey',
      p('ca.key'),
      '-set_serial',
      `0x${randomBytes(8).toString('hex')}`,
      '-extfile',
      p('server.ext'),
      '-out',
      p('server.crt'),
    ],
    dir,
  );
  const sa = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  writeFileSync(p('sa.key'), sa.privateKey, { mode: 0o600 });
  writeFileSync(p('sa.pub'), sa.publicKey);
  return {
    caCertPath: p('ca.crt'),
    caKeyPath: p('ca.key'),
    caPem: readFileSync(p('ca.crt'), 'utf8'),
    serverCertPath: p('server.crt'),
    serverKeyPath: p('server.key'),
    serviceAccountKeyPath: p('sa.key'),
    serviceAccountPubPath: p('sa.pub'),
  };
}
