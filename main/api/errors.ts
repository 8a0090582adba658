/**
 * Errors at the API boundary, and the rule that turns any thrown value into a plain-language message for the
 * technician (what happened, what to try). Technical details (stack traces, errno codes) go to the log only.
 */
import { ProtocolError } from '../../protocol/iec62056-21/errors';
import { AuditChainError } from '../audit/errors';
import { AuthError } from '../auth/errors';
import { StoreError, storeFailureOf } from '../core/errors';
import { ExportError } from '../export/errors';
import { ImportFormatError } from '../formats/errors';
import { ResFormatError } from '../res/errors';
import { SecretError } from '../secrets/secret-box';
import { ServiceError } from '../services/errors';

/** An error a handler raises on purpose; `code` is stable (e.g. `BUSY`, `NOT_FOUND`), `message` plain language. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A thrown value translated for the UI: stable code, plain message, and what to log (null = nothing). */
export interface PlainError {
  readonly code: string;
  readonly message: string;
  readonly logDetail: string | null;
}

/** Node's system errors (`ENOENT`, `EACCES` …) carry these fields. */
interface SystemError extends Error {
  code: string;
  syscall?: string;
  path?: string;
}

const SYSTEM_REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'it does not exist',
  EACCES: 'permission was denied',
  EPERM: 'the operating system did not allow it',
  EBUSY: 'it is in use by another program',
  ENOSPC: 'the disk is full',
  EROFS: 'the disk is read-only',
};

const GENERIC =
  'Something went wrong inside the workstation. Try again; if it keeps happening, restart the app and ' +
  'report the problem (the details are in the log).';

function isSystemError(err: Error): err is SystemError {
  const code = (err as Partial<SystemError>).code;
  return typeof code === 'string' && /^E[A-Z0-9]+$/.test(code);
}

/**
 * Translate a thrown value. ProtocolError, ApiError, ServiceError, StoreError, AuthError and SecretError keep their
 * code and (already plain) message; ExportError keeps its code, ResFormatError and ImportFormatError their reason as
 * the code (`RES_<reason>` / `IMPORT_<reason>`, e.g. `IMPORT_needs-mapping`). Node system errors become "The
 * workstation could not use <path>: <reason>." Programming errors (TypeError, ReferenceError, SyntaxError) and
 * non-Error values become a generic sentence; their detail is logged. A RangeError is no special case: services
 * throw plain errors on purpose, and an out-of-range value they did not expect is a programming error like the others.
 * Any other Error is trusted to carry a plain message (services throw those on purpose, see main/services).
 */
export function plainError(err: unknown): PlainError {
  if (err instanceof ProtocolError) {
    return { code: err.code, message: err.message, logDetail: err.detail ?? null };
  }
  if (err instanceof ApiError || err instanceof ServiceError || err instanceof ExportError) return { code: err.code, message: err.message, logDetail: null };
  if (err instanceof ResFormatError) return { code: `RES_${err.reason}`, message: err.message, logDetail: null };
  if (err instanceof ImportFormatError) return { code: `IMPORT_${err.reason}`, message: err.message, logDetail: null };
  // Sign-in, permission and key-file failures carry their own plain message and stable code (SIGN_IN_REQUIRED, FORBIDDEN…).
  if (err instanceof AuthError || err instanceof SecretError || err instanceof AuditChainError) return { code: err.code, message: err.message, logDetail: null };
  // Store refusals (NOT_FOUND, CONFLICT, INVALID_DATA …) are plain on purpose; their code lets the UI react (reload on CONFLICT).
  if (err instanceof StoreError) return { code: err.code, message: err.message, logDetail: err.cause instanceof Error ? (err.cause.stack ?? err.cause.message) : null };
  const store = storeFailureOf(err);
  if (store !== null && !(err instanceof StoreError)) return { code: store.code, message: store.message, logDetail: err instanceof Error ? (err.stack ?? err.message) : null };
  if (!(err instanceof Error)) return { code: 'FAILED', message: GENERIC, logDetail: String(err) };
  if (isSystemError(err)) {
    const reason = SYSTEM_REASONS[err.code] ?? `the operating system reported ${err.code}`;
    const what = err.path ? `"${err.path}"` : 'a file or device it needs';
    return { code: err.code, message: `The workstation could not use ${what}: ${reason}.`, logDetail: err.stack ?? err.message };
  }
  const programming = err instanceof TypeError || err instanceof RangeError || err instanceof ReferenceError || err instanceof SyntaxError;
  if (programming || err.message.trim() === '') {
    return { code: 'FAILED', message: GENERIC, logDetail: err.stack ?? err.message };
  }
  return { code: 'FAILED', message: err.message, logDetail: null };
}
