/**
 * What the acting user may do with a staged program BEFORE pressing anything (issue 13.2 / 13.3), for the staged
 * program view and the "Program meter" panel:
 * - {@link programReadiness}: whether they can program it, whether they may type the meter password, and in words
 *   which password will be used or what to ask an administrator for (a technician cannot type a level 3 password; the
 *   upload then needs the meter's stored password of that level that the rule in force lets an approval delegate —
 *   ./program-access.ts is asked in a dry run, so the answer is the upload's own rule, never a copy of it);
 * - {@link selfApprovalRefusal}: why they may not approve it (separation of duties: main/settings/policies.ts
 *   `approvalRefusal`; applies to signed-in users — in setup mode there is only the person at the computer).
 * Nothing here writes or records anything; a stored password is opened only inside main and never returned.
 */
import type { StagedProgram } from '../../programming/plan';
import { maxMeterLevel } from '../auth/actor';
import { roleHas } from '../auth/permissions';
import type { AppContext } from '../core/context';
import { approvalRefusal } from '../settings/policies';
import { OpeningPasswordMissing } from './meter-access';
import { DRAFT_MESSAGE, programAccess } from './program-access';

/** The acting user's standing towards programming a staged program. */
export interface ProgramReadiness {
  /** Pressing "Program meter" can work (the meter still has to answer, with the right serial). */
  readonly canProgram: boolean;
  /** The user may type the meter password of the staged level (else only a stored one can be used). */
  readonly mayType: boolean;
  /** In words: which password is used, or why not and what to ask for. */
  readonly message: string;
}

/** Why the acting user may not approve `staged` (separation of duties), or null. */
export function selfApprovalRefusal(ctx: AppContext, staged: Pick<StagedProgram, 'createdBy'>): string | null {
  const a = ctx.actor;
  if (!a || a.setupMode || a.role === 'system') return null;
  return approvalRefusal(ctx, staged.createdBy, a.username);
}

/**
 * The acting user's readiness to program `staged`, or null when they may not upload programs at all (the panel then
 * says so from the permission). Never throws for the expected refusals (draft, level, password, scope).
 */
export function programReadiness(ctx: AppContext, staged: StagedProgram): ProgramReadiness | null {
  const a = ctx.actor;
  if (!a || a.role === 'system' || !roleHas(a.role, 'programs.upload')) return null;
  const level = staged.meter.passwordLevel;
  const mayType = maxMeterLevel(a) >= level;
  if (staged.status === 'draft') return { canProgram: false, mayType, message: DRAFT_MESSAGE };
  try {
    const access = programAccess(ctx, staged.id, undefined);
    if (access.password === null) return { canProgram: true, mayType, message: 'This meter needs no password to be programmed.' };
    return {
      canProgram: true,
      mayType,
      message: mayType
        ? `A level ${level} password is stored for meter ${staged.meter.serial}: leave the field empty to use it, or type the password.`
        : `Approved by ${staged.approvedBy ?? 'an engineer'}: the workstation uses the level ${level} password stored for meter ${staged.meter.serial}. You never see it.`,
    };
  } catch (e) {
    const code = (e as { code?: string }).code;
    const reason = e instanceof Error ? e.message : String(e);
    // The level's password is stored, but the level-1 one the upload checks the meter with first is not (issue 11.2).
    if (e instanceof OpeningPasswordMissing) return { canProgram: false, mayType, message: reason };
    if (code === 'PASSWORD_NEEDED' && mayType) {
      return { canProgram: true, mayType, message: `No level ${level} password is stored for meter ${staged.meter.serial}: type it to program.` };
    }
    if (code === 'PASSWORD_NEEDED' || (code === 'FORBIDDEN' && !mayType)) {
      return {
        canProgram: false,
        mayType,
        message:
          `No level ${level} password is stored for meter ${staged.meter.serial} that the workstation may use for you, and your role may not type one. ` +
          `Ask an administrator to store the meter's own level ${level} password for ${staged.meter.serial} (Administration → Meter passwords → One meter), then program it.`,
      };
    }
    return { canProgram: false, mayType, message: reason };
  }
}
