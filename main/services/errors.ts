/**
 * A use case refused on purpose: a stable `code` the UI may react to (`BAD_ARGUMENTS`, `NOT_FOUND`, `BUSY`,
 * `NOT_APPROVED`, `PASSWORD_NEEDED`, `NOT_PROGRAMMABLE` …) and a plain-language `message` for the technician.
 * Entry points show both as they are (main/api/errors.ts plainError, the CLI's one error line).
 */
export class ServiceError extends Error {
  override readonly name = 'ServiceError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
