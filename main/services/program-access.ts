/**
 * THE rule of who may upload a staged program, with which meter password — in one place for the UI
 * (`program.start`), `pmu program` (both ways) and the programming service itself:
 * - the acting user needs `programs.upload` (./authorize.ts);
 * - a draft is refused (an engineer must approve it first);
 * - the staged password level must not exceed the role's highest, the meter must be in the user's meter groups, and
 *   without a typed password the stored one of the meter (its group, or the default) is used — an approved program
 *   lets the stored password of its level be used even above the uploader's level (./meter-access.ts);
 * - an Elster meter is programmed at security level 3 with its 8-character level-3 password.
 * Every refusal is plain and happens before a job exists or anything is written.
 */
import type { MeterLevel } from '../secrets/credentials';
import type { StagedProgram } from '../../programming/plan';
import type { AppContext } from '../core/context';
import { getStagedProgram } from '../store/staging';
import { findSchemeByContent, getSchemeEntry, IMPORTED_FOLDER, listFolders } from '../store/schemes';
import type { TariffScheme } from '../../schemes/model';
import { canAccessSchemeFolder } from '../auth/actor';
import { AuthError } from '../auth/errors';
import { authorize } from './authorize';
import { ServiceError } from './errors';
import { prepareMeterAccess } from './meter-access';

/** Plain refusal of a draft (shown as is by the CLI and the UI). */
export const DRAFT_MESSAGE = 'This staged program is still a draft: an engineer must approve it before it can be uploaded.';

/** What an upload runs with. */
export interface ProgramAccess {
  readonly staged: StagedProgram;
  /** The meter password of the staged level (typed or stored), or null (a generic meter without one). */
  readonly password: string | null;
  /** Every password of the job, to redact from messages. */
  readonly secrets: readonly string[];
  /**
   * Set when `password` is the meter's own stored password delegated above the user's role (./delegation.ts): the
   * upload signs on with `openPassword` at level 1 and checks the meter before it sends `password`.
   */
  readonly delegated?: { readonly openPassword: string; readonly openLevel: 1 };
}

/**
 * The password and checks of uploading to a meter at `level` (see the file comment), before anything is stored or
 * written; `approved` = the staged program was approved (its level's stored password may be used).
 * @throws AuthError FORBIDDEN (level, meter scope); ServiceError PASSWORD_NEEDED / BAD_ARGUMENTS (Elster rules).
 */
export function uploadAccess(
  ctx: AppContext,
  target: { readonly model: StagedProgram['meterModel']; readonly level: number; readonly serial: string; readonly approved: boolean },
  typedPassword: string | null | undefined,
): Pick<ProgramAccess, 'password' | 'secrets' | 'delegated'> {
  const actor = authorize(ctx, 'programs.upload');
  const level = target.level as MeterLevel;
  const access = prepareMeterAccess(
    ctx,
    actor,
    { ...(typedPassword != null ? { password: typedPassword } : {}), passwordLevel: level, meterSerial: target.serial, ...(target.approved ? { approvedLevel: level } : {}) },
    'program',
  );
  if (target.model !== 'generic') {
    if (target.level < 3) {
      throw new ServiceError('BAD_ARGUMENTS', `This staged program signs on at password level ${target.level}; programming an ${target.model} needs security level 3. Stage it again with level 3.`);
    }
    if (access.password === undefined) {
      throw new ServiceError('PASSWORD_NEEDED', `Programming an ${target.model} needs its security level 3 password: type it, or ask an administrator to store it for meter ${target.serial}.`);
    }
    if (access.password.length !== 8) {
      throw new ServiceError('BAD_ARGUMENTS', `Programming an ${target.model} needs its security level 3 password (8 characters); the one given has ${access.password.length}.`);
    }
  }
  if (access.delegated && target.model === 'generic') {
    throw new ServiceError('BAD_ARGUMENTS', 'A meter password is used on your behalf only with Elster meters, whose serial number is read before the password is sent. Ask an engineer to upload this program.');
  }
  return { password: access.password ?? null, secrets: access.secrets, ...(access.delegated ? { delegated: access.delegated } : {}) };
}

/** The access of uploading staged program `stagedId` (see the file comment). @throws StoreError NOT_FOUND; as {@link uploadAccess}; ServiceError NOT_APPROVED. */
export function programAccess(ctx: AppContext, stagedId: number, typedPassword: string | null | undefined): ProgramAccess {
  authorize(ctx, 'programs.upload');
  const staged = getStagedProgram(ctx.db, stagedId);
  if (staged.status === 'draft') throw new ServiceError('NOT_APPROVED', DRAFT_MESSAGE);
  const a = uploadAccess(ctx, { model: staged.meterModel, level: staged.meter.passwordLevel, serial: staged.meter.serial, approved: staged.approvedBy !== null }, typedPassword);
  return { staged, ...a };
}

/**
 * A user limited to some scheme folders may program a scheme file only when its content is stored in one of their
 * folders (or the "Imported schemes" folder is one of them): otherwise the file would land outside their scope.
 * @throws AuthError FORBIDDEN.
 */
export function requireSchemeFileScope(ctx: AppContext, scheme: TariffScheme): void {
  const actor = ctx.actor;
  if (!actor || actor.schemeFolders === null) return;
  const found = findSchemeByContent(ctx.db, scheme);
  const folderId = found
    ? getSchemeEntry(ctx.db, found.schemeStoreId).folderId
    : (listFolders(ctx.db).find((f) => f.parentId === null && f.name.toLowerCase() === IMPORTED_FOLDER.toLowerCase())?.id ?? null);
  if (folderId === null || !canAccessSchemeFolder(ctx.db, actor, folderId)) {
    throw new AuthError(
      'FORBIDDEN',
      `Your account is limited to some scheme folders, and scheme ${scheme.id} is not stored in one of them. Import it into one of your folders in the app, stage it there and run pmu program --staged <id>.`,
    );
  }
}
