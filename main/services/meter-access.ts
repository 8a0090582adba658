/**
 * The meter password and scope rules of one meter job (read, clock check, adjust, set, program), applied by the meter
 * and programming handlers (and the `pmu read | time | program` commands) before the job starts:
 * - the security level: what the user asked, else the job's default capped by the role (reads: level 2, or 1 for a
 *   technician; adjust: 1; set: 3 with a stored password, 2 then 3 with a typed one); a level above the role's maximum (main/auth/permissions.ts MAX_METER_LEVEL) is
 *   refused whether the password was typed or stored;
 * - the password: the one typed, else the stored one for the chosen meter (`meterSerial`), its groups or the default
 *   (main/secrets/credentials.ts resolveMeterPassword); a set with a lower-level password also gets the stored
 *   level 3 password;
 * - approval delegates a level: uploading an APPROVED staged program (`approvedLevel`, set from the staged program's
 *   level when an engineer or administrator approved it) may use the STORED password of that level even above the
 *   uploader's role maximum, so a technician uploads what an engineer approved without ever knowing the level 3
 *   password (reference: the PMU workflow, engineers build and approve, technicians upload). A TYPED password above
 *   the role's maximum is still refused. Delegation is narrowed (issue 11.2, docs/security.md "Delegated meter
 *   passwords"): only a password stored for THAT meter is delegated (never a group's or the default), and the job
 *   gets `delegated.openPassword`, a password of a level the user may use themself (stored level 1), to sign on and
 *   check the meter's identification and serial number BEFORE the delegated password is sent (program-run.ts);
 * - the meter scope: a user limited to meter groups must name one of their meters, and the meter's own serial number
 *   is checked again by the service before anything is written or stored (`checkSerial`).
 * Every password (typed or stored) is listed in `secrets` so the job's messages are redacted.
 * The meter services (read-meter.ts, clock.ts; program-access.ts for programming) apply these rules themselves through
 * {@link meterJobRequest} on what the user gave: the API handlers and the CLI commands pass the typed fields on and
 * never resolve a password.
 */
import { canAccessMeter, maxMeterLevel, type Actor } from '../auth/actor';
import { AuthError } from '../auth/errors';
import { meterLevelMessage, resolveMeterPassword, type MeterLevel } from '../secrets/credentials';
import type { AppContext } from '../core/context';
import type { Permission } from '../auth/permissions';
import { authorize } from './authorize';
import type { ReadProgress } from '../../protocol/iec62056-21/progress';

/**
 * Which job. `program` = uploading a staged program: the caller passes the staged program's password level (Elster:
 * 3) and the meter serial; no second password is looked up.
 */
export type MeterJobKind = 'read' | 'clock-read' | 'adjust' | 'set' | 'program';

/** What the user gave (contract arguments of the meter calls). */
export interface MeterAccessArgs {
  readonly password?: string;
  readonly passwordLevel?: MeterLevel;
  readonly level3Password?: string;
  readonly meterSerial?: string;
  /**
   * `program` only: the level an approver (a role holding `programs.approve`, meter level 3) authorised by approving
   * the staged program; lets the stored password of that level be used (see the file comment).
   */
  readonly approvedLevel?: MeterLevel;
}

/** The access a job runs with. */
export interface PreparedAccess {
  readonly password?: string;
  readonly passwordLevel?: MeterLevel;
  readonly level3Password?: string;
  readonly meterSerial?: string;
  readonly checkSerial?: (serial: string | null) => void;
  /** Every password of the job (typed or stored), to redact from messages. */
  readonly secrets: readonly string[];
  /** Where a stored password came from, or null (typed, or none). */
  readonly stored: 'meter' | 'group' | 'default' | null;
  /**
   * Set when `password` is a meter's own stored password delegated above the user's role: the job signs on first with
   * `openPassword` at `openLevel` (a level the user may use) and sends the delegated password only once the meter on
   * the probe is proven to be the staged one.
   */
  readonly delegated?: { readonly openPassword: string; readonly openLevel: 1 };
}

/**
 * The level when the user named none. A set opens level 3 directly with a stored password; with a typed password it
 * keeps the service's rule (open at level 2, then level 3 with `level3Password` or the same password).
 */
function defaultLevel(kind: MeterJobKind, max: number, typed: boolean): MeterLevel {
  if (kind === 'set') return typed ? 2 : 3;
  if (kind === 'adjust') return 1;
  if (kind === 'program') return 3;
  return Math.max(1, Math.min(2, max)) as MeterLevel;
}

/**
 * Decide the password, level and scope check of a job by `actor` (see the file comment).
 * @throws AuthError FORBIDDEN (level above the role's, meter outside the user's groups, no meter chosen by a limited
 *   user); SecretError when a stored password cannot be opened.
 */
export function prepareMeterAccess(ctx: AppContext, actor: Actor, a: MeterAccessArgs, kind: MeterJobKind): PreparedAccess {
  const max = maxMeterLevel(actor);
  const level = a.passwordLevel ?? defaultLevel(kind, max, a.password !== undefined);
  const approvedLevel = kind === 'program' && a.password === undefined ? a.approvedLevel : undefined;
  const reach = Math.max(max, approvedLevel ?? 0);
  if (level > reach || (a.level3Password !== undefined && max < 3)) throw new AuthError('FORBIDDEN', meterLevelMessage(actor, a.level3Password !== undefined ? 3 : level));

  let checkSerial: PreparedAccess['checkSerial'];
  if (actor.meterGroups !== null) {
    if (a.meterSerial === undefined) {
      throw new AuthError('FORBIDDEN', 'Your account is limited to some meter groups: choose the meter (its serial number) before you start.');
    }
    if (!canAccessMeter(ctx.db, actor, a.meterSerial)) {
      throw new AuthError('FORBIDDEN', `Meter ${a.meterSerial} is not in your meter groups. Ask an administrator to add it.`);
    }
    checkSerial = (serial) => {
      if (!canAccessMeter(ctx.db, actor, serial)) {
        throw new AuthError(
          'FORBIDDEN',
          `The meter on the probe is ${serial ?? 'one that does not give its serial number'}, not one of your meters (you chose ${a.meterSerial}). Nothing was written or stored.`,
        );
      }
    };
  }

  const serial = a.meterSerial ?? null;
  let password = a.password;
  let stored: PreparedAccess['stored'] = null;
  let delegated: PreparedAccess['delegated'];
  if (password === undefined) {
    const found = resolveMeterPassword(ctx, actor, { serial, level, ...(approvedLevel !== undefined ? { approvedLevel } : {}) });
    if (found) (password = found.password), (stored = found.source);
    if (found === null && approvedLevel !== undefined && level > max) {
      throw new AuthError('FORBIDDEN', `No password is stored for meter ${serial ?? '(unknown)'} itself at security level ${level}. An approved upload may use only a password stored for that one meter (never a group's or the default one): ask an administrator to store it, or an engineer to upload.`);
    }
    if (found?.delegated) delegated = { openPassword: openingPassword(ctx, actor, serial, level), openLevel: 1 };
  }
  let level3Password = a.level3Password;
  if (kind === 'set' && level < 3 && password !== undefined && level3Password === undefined) {
    level3Password = resolveMeterPassword(ctx, actor, { serial, level: 3 })?.password;
  }
  const secrets = [password, level3Password, delegated?.openPassword].filter((s): s is string => s !== undefined && s !== '');
  return {
    ...(password !== undefined ? { password, passwordLevel: level } : a.passwordLevel !== undefined ? { passwordLevel: a.passwordLevel } : {}),
    ...(level3Password !== undefined ? { level3Password } : {}),
    ...(a.meterSerial !== undefined ? { meterSerial: a.meterSerial } : {}),
    ...(checkSerial ? { checkSerial } : {}),
    ...(delegated ? { delegated } : {}),
    secrets,
    stored,
  };
}

/** A delegated upload cannot start: no level-1 password is stored to check the meter with first (AuthError FORBIDDEN). */
export class OpeningPasswordMissing extends AuthError {
  constructor(message: string) {
    super('FORBIDDEN', message);
  }
}

/**
 * The stored level-1 password a delegated upload signs on with to check the meter first (the user's own level).
 * @throws AuthError FORBIDDEN when none is stored (plain: what to store).
 */
function openingPassword(ctx: AppContext, actor: Actor, serial: string | null, level: number): string {
  const own = resolveMeterPassword(ctx, actor, { serial, level: 1 });
  if (own === null) {
    throw new OpeningPasswordMissing(
      `Before the stored level ${level} password of meter ${serial ?? '(unknown)'} is used on your behalf, the workstation signs on at level 1 to check that the meter on the probe is that meter. No level 1 password is stored for it (nor for its group or as the default): ask an administrator to store one (Administration → Meter passwords, security level 1).`,
    );
  }
  return own.password;
}

/** Text shown instead of a secret. */
export const REDACTED = '••••••••';

/** `text` with every occurrence of each secret replaced by {@link REDACTED}. Empty secrets are ignored. */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const s of secrets) if (s) out = out.split(s).join(REDACTED);
  return out;
}

/** The access fields of a meter job's request (main/services/types.ts MeterAccess and the clock set's level 3 password). */
export interface MeterJobFields {
  readonly password?: string;
  readonly passwordLevel?: MeterLevel;
  readonly level3Password?: string;
  readonly meterSerial?: string;
  readonly checkSerial?: (serial: string | null) => void;
}

/** A meter job's request with its access decided, and the job's passwords (typed or stored) to keep out of its messages. */
export interface MeterJob<R> {
  readonly req: R;
  readonly secrets: readonly string[];
  /** `text` with the job's passwords removed (notes of a result). */
  readonly redact: (text: string) => string;
  /** `onProgress` with the job's passwords removed from each message. */
  readonly progress: (onProgress: ((p: ReadProgress) => void) | undefined) => (p: ReadProgress) => void;
  /** Runs `body`; an error it throws leaves with the job's passwords removed from its message (same class and code). */
  readonly guard: <T>(body: () => Promise<T>) => Promise<T>;
}

/**
 * The request of a meter job by `actor` with the rules of {@link prepareMeterAccess} applied to what the user gave
 * (`req.password` typed or absent, `passwordLevel`, `level3Password`, `meterSerial`): the password (typed, else stored),
 * level, level 3 password of a set, and the meter scope check (`checkSerial`, joined to one the caller gave).
 * @throws AuthError FORBIDDEN (see prepareMeterAccess); SecretError when a stored password cannot be opened.
 */
export function meterJobRequest<R extends MeterJobFields>(ctx: AppContext, actor: Actor, req: R, kind: MeterJobKind): MeterJob<R> {
  const p = prepareMeterAccess(
    ctx,
    actor,
    {
      ...(req.password !== undefined ? { password: req.password } : {}),
      ...(req.passwordLevel !== undefined ? { passwordLevel: req.passwordLevel } : {}),
      ...(req.level3Password !== undefined ? { level3Password: req.level3Password } : {}),
      ...(req.meterSerial !== undefined ? { meterSerial: req.meterSerial } : {}),
    },
    kind,
  );
  const given = req.checkSerial;
  const scope = p.checkSerial;
  const checkSerial = given && scope ? (serial: string | null) => (scope(serial), given(serial)) : (scope ?? given);
  const { password: _p, passwordLevel: _l, level3Password: _l3, checkSerial: _c, ...rest } = req;
  const resolved = {
    ...rest,
    ...(p.password !== undefined ? { password: p.password } : {}),
    ...(p.passwordLevel !== undefined ? { passwordLevel: p.passwordLevel } : {}),
    ...(p.level3Password !== undefined ? { level3Password: p.level3Password } : {}),
    ...(checkSerial ? { checkSerial } : {}),
  } as unknown as R;
  const secrets = [...new Set([req.password, req.level3Password, ...p.secrets].filter((s): s is string => s !== undefined && s !== ''))];
  return {
    req: resolved,
    secrets,
    redact: (text) => redact(text, secrets),
    progress: (onProgress) => (x) => onProgress?.({ ...x, message: redact(x.message, secrets) }),
    guard: async (body) => {
      try {
        return await body();
      } catch (e) {
        if (e instanceof Error) e.message = redact(e.message, secrets);
        throw e;
      }
    },
  };
}

/**
 * Run a meter job as the meter services do: check `permission` for the acting user (./authorize.ts), decide the access
 * ({@link meterJobRequest}), run `body` with the decided request and a progress callback without the job's passwords;
 * an error leaves without them, and so do the `notes` (plain text) of the result.
 * @throws AuthError SIGN_IN_REQUIRED / FORBIDDEN; whatever `body` throws (passwords removed from the message).
 */
export async function runMeterJob<R extends MeterJobFields, T>(
  ctx: AppContext,
  permission: Permission,
  kind: MeterJobKind,
  request: R,
  onProgress: ((p: ReadProgress) => void) | undefined,
  body: (req: R, progress: (p: ReadProgress) => void) => Promise<T>,
): Promise<T> {
  const job = meterJobRequest(ctx, authorize(ctx, permission), request, kind);
  const result = await job.guard(() => body(job.req, job.progress(onProgress)));
  const notes = (result as { notes?: unknown } | null)?.notes;
  if (Array.isArray(notes) && notes.every((n) => typeof n === 'string')) return { ...result, notes: notes.map(job.redact) };
  return result;
}
