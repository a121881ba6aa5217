/**
 * The public surface of every published entry point, checked from the BUILT packages:
 * 1. its API report (API Extractor, `packages/<pkg>/api/*.api.md`, checked in) must match the
 *    built `.d.ts`, so any change of the public API shows in review;
 * 2. its count of value exports must stay within the limit of its tier.
 *
 *   node scripts/api-surface.ts            check (CI): fails on a changed report or a limit
 *   node scripts/api-surface.ts --update   rewrite the reports after a deliberate API change
 *   … @pause/core @pause/http              only these packages
 *
 * Run `npm run build` first (`npm run api:check` / `npm run api:update` do both).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Extractor, ExtractorConfig, ExtractorLogLevel } from '@microsoft/api-extractor';

const root = new URL('..', import.meta.url).pathname;
const update = process.argv.includes('--update');
const only = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));

/** Most value exports a package root may have: what a user meets first stays small. */
const ROOT_LIMITS: Record<string, number> = { '@pause/core': 15 };
const DEFAULT_ROOT_LIMIT = 12;

interface EntryPoint {
  packageName: string;
  packageDir: string;
  subpath: string;
  typesFile: string;
  jsFile: string;
  reportName: string;
}

interface ExportTarget {
  types?: string;
  default?: string;
}

function entryPoints(): EntryPoint[] {
  const found: EntryPoint[] = [];
  const packagesDir = join(root, 'packages');
  for (const name of readdirSync(packagesDir).sort()) {
    const packageDir = join(packagesDir, name);
    const manifestPath = join(packageDir, 'package.json');
    if (!existsSync(manifestPath)) continue;
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    if (manifest.private) continue;
    const unscoped = String(manifest.name).replace(/^@[^/]+\//, '');
    for (const [subpath, target] of Object.entries<ExportTarget | string>(manifest.exports ?? {})) {
      if (typeof target !== 'object' || !target.types || !target.default) continue;
      const suffix = subpath === '.' ? '' : `-${subpath.slice(2).replaceAll('/', '-')}`;
      found.push({
        packageName: manifest.name,
        packageDir,
        subpath,
        typesFile: join(packageDir, target.types),
        jsFile: join(packageDir, target.default),
        reportName: `${unscoped}${suffix}`,
      });
    }
  }
  return found;
}

/** Runs API Extractor on one entry point; true when its report matches (or was updated). */
function checkReport(entry: EntryPoint, tempFolder: string): { ok: boolean; changed: boolean } {
  if (update) mkdirSync(join(entry.packageDir, 'api'), { recursive: true });
  const config = ExtractorConfig.prepare({
    configObject: {
      projectFolder: entry.packageDir,
      mainEntryPointFilePath: entry.typesFile,
      compiler: {
        overrideTsconfig: {
          compilerOptions: {
            module: 'nodenext',
            moduleResolution: 'nodenext',
            target: 'es2023',
            strict: true,
            skipLibCheck: true,
            types: ['node'],
          },
        },
      },
      apiReport: {
        enabled: true,
        reportFileName: entry.reportName,
        reportFolder: join(entry.packageDir, 'api'),
        reportTempFolder: tempFolder,
        includeForgottenExports: true,
      },
      docModel: { enabled: false },
      dtsRollup: { enabled: false },
      tsdocMetadata: { enabled: false },
      messages: {
        compilerMessageReporting: { default: { logLevel: ExtractorLogLevel.Warning } },
        extractorMessageReporting: {
          default: { logLevel: ExtractorLogLevel.None, addToApiReportFile: true },
          'ae-missing-release-tag': { logLevel: ExtractorLogLevel.None, addToApiReportFile: false },
          // Its notes carry source line numbers: any edit that moves a line would "change" the API.
          'ae-undocumented': { logLevel: ExtractorLogLevel.None, addToApiReportFile: false },
        },
        tsdocMessageReporting: { default: { logLevel: ExtractorLogLevel.None } },
      },
    },
    configObjectFullPath: undefined,
    packageJsonFullPath: join(entry.packageDir, 'package.json'),
  });
  const result = Extractor.invoke(config, {
    localBuild: update,
    showVerboseMessages: false,
    messageCallback: (message) => {
      // The "report changed" notice is ours to print, once, below.
      if (message.messageId === 'console-api-report-changed') message.handled = true;
    },
  });
  return { ok: result.succeeded, changed: result.apiReportChanged };
}

const entries = entryPoints().filter(
  (entry) => only.length === 0 || only.includes(entry.packageName),
);
if (entries.length === 0) throw new Error('no published entry points found under packages/');
const missing = entries.filter((entry) => !existsSync(entry.jsFile));
if (missing.length > 0) {
  console.error(`Not built: ${missing.map((e) => e.jsFile).join(', ')}. Run npm run build first.`);
  process.exit(1);
}

const tempFolder = mkdtempSync(join(tmpdir(), 'pause-api-'));
const failures: string[] = [];
const rows: string[][] = [['entry point', 'values', 'limit', 'report']];
try {
  for (const entry of entries) {
    const name =
      entry.subpath === '.' ? entry.packageName : `${entry.packageName}/${entry.subpath.slice(2)}`;
    const module = (await import(pathToFileURL(entry.jsFile).href)) as Record<string, unknown>;
    const values = Object.values(module).filter((value) => value !== undefined).length;
    const limit =
      entry.subpath === '.' ? (ROOT_LIMITS[entry.packageName] ?? DEFAULT_ROOT_LIMIT) : undefined;
    if (limit !== undefined && values > limit) {
      failures.push(`${name} has ${values} value exports; its limit is ${limit}`);
    }
    const report = checkReport(entry, tempFolder);
    let status = report.changed ? (update ? 'updated' : 'CHANGED') : 'same';
    if (!report.ok) status = `${status}, failed`;
    if (!report.ok || (report.changed && !update)) {
      failures.push(
        `${name}: the public API differs from api/${entry.reportName}.api.md (compare with ${join(tempFolder, `${entry.reportName}.api.md`)}); if the change is deliberate, run npm run api:update and commit the report`,
      );
    }
    rows.push([name, String(values), limit === undefined ? '-' : String(limit), status]);
  }
} finally {
  if (failures.length === 0) rmSync(tempFolder, { recursive: true, force: true });
}

const widths =
  rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? [];
for (const row of rows)
  console.log(row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  '));
if (failures.length > 0) {
  console.error(`\n${failures.join('\n')}`);
  process.exit(1);
}
console.log(
  `\n${entries.length} entry points: reports ${update ? 'written' : 'match'}, limits hold.`,
);
