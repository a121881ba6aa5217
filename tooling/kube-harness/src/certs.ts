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

/** A self-signed certificate and its key (PEM files in a directory, and their contents). */
export interface SelfSignedCert {
  certPath: string;
  keyPath: string;
  certPem: string;
  keyPem: string;
}

/** Options of {@link generateSelfSignedCert}. */
export interface SelfSignedCertOptions {
  /** Subject common name (`/CN=...`). */
  commonName: string;
  /** Validity in days. */
  days: number;
  /** X.509v3 extensions, one `-addext` value each, e.g. `subjectAltName=IP:127.0.0.1`. */
  extensions: string[];
}

/**
 * Creates a self-signed RSA 2048 certificate `<name>.crt` and its key `<name>.key` in `dir`
 * with the `openssl` command (a CA for {@link generateCerts}, or a TLS server's own certificate).
 */
export async function generateSelfSignedCert(
  dir: string,
  name: string,
  options: SelfSignedCertOptions,
): Promise<SelfSignedCert> {
  const certPath = join(dir, `${name}.crt`);
  const keyPath = join(dir, `${name}.key`);
  await openssl(
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-sha256',
      '-days',
      String(options.days),
      '-keyout',
      keyPath,
      '-out',
      certPath,
      '-subj',
      `/CN=${options.commonName}`,
      ...options.extensions.flatMap((extension) => ['-addext', extension]),
    ],
    dir,
  );
  return {
    certPath,
    keyPath,
    certPem: readFileSync(certPath, 'utf8'),
    keyPem: readFileSync(keyPath, 'utf8'),
  };
}

/**
 * Creates a CA, a serving certificate (SAN `IP:127.0.0.1`, `DNS:localhost`) signed by it,
 * and a service-account signing key in `dir`, using the `openssl` command.
 */
export async function generateCerts(dir: string): Promise<CertBundle> {
  const p = (name: string) => join(dir, name);
  const ca = await generateSelfSignedCert(dir, 'ca', {
    commonName: 'pause-kube-harness-ca',
    days: 3650,
    extensions: [
      'basicConstraints=critical,CA:TRUE',
      'keyUsage=critical,keyCertSign,cRLSign,digitalSignature',
    ],
  });
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
    caCertPath: ca.certPath,
    caKeyPath: ca.keyPath,
    caPem: ca.certPem,
    serverCertPath: p('server.crt'),
    serverKeyPath: p('server.key'),
    serviceAccountKeyPath: p('sa.key'),
    serviceAccountPubPath: p('sa.pub'),
  };
}
