// Under npm (`npx trading serve …`, `npm start`) this process runs below
// `npm exec` and a `sh -c` wrapper. Killing npm kills the shell, but the signal
// never reaches this process, which would keep serving as an orphan. So, when
// started by npm, a long-running command also stops when its parent goes away.
// Started any other way (a container, a shell, nohup) it answers signals only.

// Read when this module loads, before a long boot during which the parent may already go.
const STARTING_PARENT = process.ppid;

/** Calls `stop` once if this process is orphaned (its parent exits); returns the function that ends the watch. */
export function whenOrphaned(stop: () => void, pollMs = 500): () => void {
  if (process.env['npm_command'] === undefined) return () => undefined;
  const parent = STARTING_PARENT;
  const timer = setInterval(() => {
    // An orphan is re-parented to init or the nearest subreaper: its ppid changes.
    if (process.ppid === parent) return;
    clearInterval(timer);
    stop();
  }, pollMs);
  // The watch alone must not keep the process alive.
  timer.unref();
  return () => clearInterval(timer);
}
