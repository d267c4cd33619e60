/**
 * An error about one input file of the corpus builder; the CLI prints its
 * message as a single stderr line and exits with status 2.
 */
export class InputError extends Error {
  constructor(
    readonly file: string,
    problem: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = 'InputError';
  }
}
