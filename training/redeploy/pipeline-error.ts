/**
 * A failure that stops the pipeline with one clear message and a specific exit code:
 * 1 a stage failed, 2 bad command-line input, 3 the quality gate refused the candidate,
 * 130 interrupted (rerun with --resume).
 */
export class PipelineError extends Error {
  constructor(message: string, readonly exitCode: 1 | 2 | 3 | 130 = 1) {
    super(message);
    this.name = 'PipelineError';
  }
}
