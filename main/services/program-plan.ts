/**
 * The plan side of programming, in one place for staging, approval and the upload: the scheme's problems for a
 * meter model, the plan compiled from scheme + meter data (a scheme that does not fit the model is a plain
 * ServiceError NOT_PROGRAMMABLE), and the programmer's ID written to the meter.
 */
import type { SchemeProblemView } from '../../contract';
import { compileProgram } from '../../programming/compile';
import type { MeterModel, TariffScheme } from '../../schemes/model';
import type { ProgramPlan, StagedProgram } from '../../programming/plan';
import { validateScheme } from '../../schemes/validate';
import type { AppContext } from '../core/context';
import { ServiceError } from './errors';

/**
 * The programmer's ID written to the meter for `operator`: the user name without a `DOMAIN\` prefix or `@host`
 * suffix, accents removed, only A–Z 0–9 `.` `_` `-` kept, upper-case, at most 8 characters; `PMU` when nothing is left.
 * (Elster 681 holds 8 ASCII bytes — ELSTER_TARIFF_IDS.userId; the generic address takes the same characters.)
 */
export function meterUserIdFor(operator: string): string {
  const user = operator.split(/[\\/]/).pop()!.split('@')[0]!;
  const ascii = user.normalize('NFKD').replace(/[^A-Za-z0-9._-]/g, '').toUpperCase().slice(0, 8);
  return ascii || 'PMU';
}

/** The programmer's ID for the acting user: their own meter user ID when set, else {@link meterUserIdFor} their name. */
export function meterUserIdOf(ctx: AppContext): string {
  return ctx.actor?.meterUserId ?? meterUserIdFor(ctx.operator);
}

/** Every problem of `scheme` for a meter of `model` (schemes/validate.ts). */
export function schemeProblems(scheme: unknown, model: MeterModel): SchemeProblemView[] {
  return validateScheme(scheme, { model }).map((p) => ({ ...p }));
}

/** The writes that program `scheme` into the staged meter. @throws ServiceError NOT_PROGRAMMABLE (plain). */
export function compilePlan(
  scheme: TariffScheme,
  staged: Pick<StagedProgram, 'meter' | 'meterModel'>,
  meterUserId: string,
  definitions?: Parameters<typeof compileProgram>[3]['definitions'],
): ProgramPlan {
  try {
    return compileProgram(scheme, staged.meter, staged.meterModel, { meterUserId, ...(definitions ? { definitions } : {}) });
  } catch (e) {
    // The compiler reports a scheme that does not fit the model's limits as a RangeError with a plain message.
    if (e instanceof RangeError && e.message.trim() !== '') throw new ServiceError('NOT_PROGRAMMABLE', `The scheme cannot be programmed into this meter: ${e.message}`);
    throw e;
  }
}
