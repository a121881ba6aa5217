import { runEmbeddedDemo } from './embedded-demo.ts';
import { parseOperatorFlags, USAGE } from './operator-flags.ts';

async function main(): Promise<void> {
  const command = parseOperatorFlags(process.argv.slice(2));
  if (command.mode === 'help') {
    console.log(USAGE);
    return;
  }
  if (command.mode === 'cluster') {
    const { runAgainstCluster } = await import('./run-operator.ts');
    await runAgainstCluster(command.options);
    return;
  }
  await runEmbeddedDemo((line) => console.log(line));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
