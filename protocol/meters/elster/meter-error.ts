import { MeterErrorAnswer } from '../../iec62056-21/errors';
import { parseErrorAnswer } from './answers';
import { ElsterMeterError } from './errors';

/**
 * A generic `(ERRnn)` answer (MeterErrorAnswer from the IEC 62056-21 session) → the dialect's typed
 * ElsterMeterError with the code normalised (`ERR05` → `ERR5`) and its plain-language message; any other
 * value is returned unchanged. Source of the codes: reference "Register access by 3-digit data ID".
 */
export function toElsterError(e: unknown): unknown {
  if (e instanceof MeterErrorAnswer) return new ElsterMeterError(parseErrorAnswer(`(${e.meterCode})`) ?? e.meterCode, e.what);
  return e;
}
