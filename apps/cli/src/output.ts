// Where the CLI writes. Results go to stdout (pure JSON with --json); progress
// and logs go to stderr so they never corrupt machine output.
export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value) + '\n');
}

export function printText(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : text + '\n');
}

export function logLine(text: string): void {
  process.stderr.write(text.endsWith('\n') ? text : text + '\n');
}
