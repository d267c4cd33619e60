/**
 * Runs a CLI's main function so that any failure becomes ONE line on stderr and exit code
 * 2 (bad input) or 1 (anything else), never a stack trace. Set DEBUG=1 to see the stack.
 */
export function runCli(help: string, main: () => Promise<void> | void): void {
  if (printHelpIfAsked(help)) return;
  Promise.resolve()
    .then(main)
    .catch((e: unknown) => {
      const err = e as Error & { code?: string };
      if (process.env.DEBUG) console.error(err);
      const msg = (err?.message ?? String(e)).split('\n')[0];
      process.stderr.write(`error: ${msg}\n`);
      const code = err?.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || err?.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' || /missing|not found|must be|invalid|unknown/i.test(msg) ? 2 : 1;
      // Exit now: a worker thread or an open handle must not keep a failed CLI alive.
      process.exit(code);
    });
}

/** Prints `help` on stdout when the command line has --help or -h; tells whether it did. */
export function printHelpIfAsked(help: string): boolean {
  if (!process.argv.includes('--help') && !process.argv.includes('-h')) return false;
  console.log(help);
  return true;
}
