/** A usage error of a `pmu` command found after commander parsed it (conflicting options): exit code 2, plain message. */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
}
