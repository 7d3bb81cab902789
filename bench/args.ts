/**
 * The command's options as `parse` reads them (node:util parseArgs with a `help` option), or its usage line and exit 2
 * (exit 0 for --help): an unknown or malformed option is a sentence naming it, never a stack trace.
 */
export function optionsOrUsage<T extends { help?: boolean }>(parse: () => T, usage: string): T {
  let values: T;
  try {
    values = parse();
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${usage}\n`);
    process.exit(2);
  }
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  return values;
}
