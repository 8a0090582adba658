/**
 * Errors of sign-in, users and permissions. `code` is stable (the API reply's `error.code`), `message` is plain
 * language and never says whether a user name exists (sign-in failures all read the same).
 */

/** Stable codes of {@link AuthError}. */
export type AuthErrorCode =
  /** Nobody is signed in (or the session ended) and the call needs a user. */
  | 'SIGN_IN_REQUIRED'
  /** The signed-in user's role may not do this, or the object is outside their scope. */
  | 'FORBIDDEN'
  /** Wrong user name or password (or an unknown user). */
  | 'SIGN_IN_FAILED'
  /** Too many failed sign-ins with this name from this source: wait a while (main/auth/throttle.ts). */
  | 'THROTTLED'
  /** The account is disabled (said only after the right password). */
  | 'DISABLED'
  /** A user, group or credential asked for does not exist. */
  | 'NOT_FOUND'
  /** A name already taken. */
  | 'CONFLICT'
  /** A new password or user field that breaks the rules. */
  | 'BAD_ARGUMENTS'
  /** The change would leave no active administrator. */
  | 'LAST_ADMIN'
  /** The call is only for setup mode (or only outside it). */
  | 'NOT_SETUP_MODE';

/** A sign-in, user or permission failure with a plain message. */
export class AuthError extends Error {
  override readonly name = 'AuthError';
  constructor(
    readonly code: AuthErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The one message of every failed sign-in (unknown user, wrong password): reveals nothing. */
export const SIGN_IN_FAILED_MESSAGE = 'The user name or password is not right. Check both and try again.';
