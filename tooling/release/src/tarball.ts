import { gunzipSync } from 'node:zlib';

/** A package's metadata document (packument) as a registry serves it, the fields read here. */
export interface Packument {
  name: string;
  'dist-tags': Record<string, string>;
  versions: Record<
    string,
    { version: string; dependencies?: Record<string, string>; dist: { tarball: string } }
  >;
}

/** The packument of `name` from `registryUrl`; `undefined` on 404. */
export async function fetchPackument(
  registryUrl: string,
  name: string,
): Promise<Packument | undefined> {
  const response = await fetch(new URL(name.replace('/', '%2f'), registryUrl), {
    signal: AbortSignal.timeout(60_000),
  });
  if (response.status === 404) return undefined;
  if (!response.ok) throw new Error(`GET ${name} from ${registryUrl}: HTTP ${response.status}`);
  return (await response.json()) as Packument;
}

/**
 * Files of a `.tar` archive by path (regular files only). Understands ustar names (prefix +
 * name) and pax `path` records, enough for what `npm pack` writes.
 */
export function readTar(tar: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  let offset = 0;
  let paxPath: string | undefined;
  const text = (start: number, length: number) =>
    tar
      .subarray(start, start + length)
      .toString('utf8')
      .replace(/\0.*$/s, '');
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const size = Number.parseInt(text(offset + 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(header[156] ?? 0);
    const prefix = text(offset + 345, 155);
    const name = text(offset, 100);
    const body = tar.subarray(offset + 512, offset + 512 + size);
    if (type === 'x') {
      paxPath = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(body.toString('utf8'))?.[1];
    } else {
      if (type === '0' || type === '\0') {
        files.set(paxPath ?? (prefix ? `${prefix}/${name}` : name), Buffer.from(body));
      }
      paxPath = undefined;
    }
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

/**
 * The files of the tarball of `name@version` as the registry serves it, by path inside the
 * package (the `package/` folder npm packs into is dropped).
 */
export async function fetchTarballFiles(
  registryUrl: string,
  name: string,
  version: string,
): Promise<Map<string, Buffer>> {
  const packument = await fetchPackument(registryUrl, name);
  const url = packument?.versions[version]?.dist.tarball;
  if (!url) throw new Error(`${name}@${version} is not on ${registryUrl}`);
  const response = await fetch(url, { signal: AbortSignal.timeout(60_000) });
  if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}`);
  const files = new Map<string, Buffer>();
  for (const [path, content] of readTar(gunzipSync(Buffer.from(await response.arrayBuffer())))) {
    files.set(path.replace(/^package\//, ''), content);
  }
  return files;
}
