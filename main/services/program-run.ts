import { ProtocolError } from '../../protocol/iec62056-21/errors';
import type { ProgrammingSession } from '../../protocol/iec62056-21/programming';
import { readClock } from '../../protocol/meters/clock';
import { type LoadedDefinitionFile, definitionFor } from '../../meter-definitions';
import type { ProgrammingLog } from '../../protocol/meters/elster/events';
import { elsterPlanIo, ensureElsterLevel, readElsterProgrammingLog } from '../../programming/elster/io';
import { unprovenMessage, unprovenWrites, withProvenance } from '../../programming/safety';
import { ElsterSession } from '../../protocol/meters/elster/session';
import { genericPlanIo } from '../../programming/generic/io';
import { type OpenedMeter, openMeterSession } from '../../protocol/meters/open-session';
import { type PlanIo, type PlanStep, readBackPlan, uploadPlan } from '../../programming/upload';
import type { ElsterSecurityLevel } from '../../protocol/meters/elster/password';
import type { MeterModel } from '../../schemes/model';
import type { MeterData, ProgramPlan, ProgramWrite } from '../../programming/plan';
import type { AppContext } from '../core/context';
import type { DelegatedUse } from './delegation';
import { type LineFormat, openMeterLink } from './meter-link';
import { sessionOptionsOf } from '../links/session-options';
import type { ProgramProgressView } from '../../contract';

/**
 * The meter side of one programming job (main/services/program.ts runs it): open the port, sign on, check it is
 * the staged meter and model, apply the safety rail (a real meter gets nothing unless every write's layout is proven:
 * programming/safety.ts), read the clock and the meter's programming log, upload the plan (progress per write), read
 * every write back, read the log again, end the session (B0) and close the port.
 * It never throws: everything it learnt is in the returned {@link MeterRun} — also when the link fails part way
 * (`written` / `notWritten` then say exactly which writes the meter acknowledged), so the job can be recorded as
 * failed (nothing written) or partially programmed.
 */

/** What a programming run learnt from the meter. */
export interface MeterRun {
  identification: string | null;
  manufacturer: string | null;
  /** The serial number the meter on the probe gave, or null (not read). */
  seenSerial: string | null;
  /** Meter clock at the start, local wall clock `YYYY-MM-DDThh:mm:ss`, or null. */
  meterTimeLocal: string | null;
  counterBefore: ProgrammingLog | null;
  counterAfter: ProgrammingLog | null;
  /** True when the port was a built-in emulated meter. */
  emulated: boolean;
  /** The definition files that applied to this meter (names). */
  definitionFiles: string[];
  written: ProgramWrite[];
  notWritten: ProgramWrite[];
  /** Address → value as read back (W1 hex, W5 text). */
  readBack: Map<string, string>;
  /** True once the read back was attempted (all writes done). */
  readBackDone: boolean;
  /** Plain-language reason the run did not complete, or null. */
  error: string | null;
}

/** Steps a run reports: the contract's programming steps (contract/schemes-programming.ts) but `store` and `done`, which program.ts reports. */
export type RunStep = Exclude<ProgramProgressView['step'], 'store' | 'done'>;

/** Inputs of a run. */
export interface RunInput {
  readonly port: string;
  readonly model: MeterModel;
  readonly meter: MeterData;
  readonly plan: ProgramPlan;
  readonly password: string | null;
  readonly line: LineFormat;
  readonly address?: string;
  readonly signal?: AbortSignal;
  /** User meter definition files (data directory). */
  readonly definitions: readonly LoadedDefinitionFile[];
  /** Where definition files go, named in a refusal (e.g. `/home/x/.config/pmu-workstation/meter-definitions`). */
  readonly definitionsDir: string;
  /** Progress: the step, a message, and (write / read-back) the step within the plan. */
  readonly onStep: (step: RunStep, message: string, plan?: PlanStep) => void;
  /**
   * `password` is delegated (./delegation.ts): open at the user's own level with `openPassword`, check the meter,
   * `release()` (the audit record), and only then send `password`; no automatic re-sign-on.
   */
  readonly delegation?: DelegatedUse;
}

/** A plain message for anything thrown during a run (ProtocolError / StoreError messages are already plain). */
export function plainError(e: unknown): string {
  if (e instanceof Error && e.message) return e.message;
  return `Programming stopped: ${String(e)}`;
}

const modelWords = (m: MeterModel) => (m === 'generic' ? 'a generic IEC 62056-21 meter' : `an Elster ${m}`);

/** Refuse a meter whose dialect or Elster family is not the staged model's (at the identification: before any password). */
function checkModel(meter: Pick<OpenedMeter, 'choice' | 'identification'>, model: MeterModel): void {
  const c = meter.choice;
  const actual: MeterModel | 'other Elster' = c.profile === 'generic' ? 'generic' : c.family === 'A1700' ? 'A1700' : c.family === 'A1140' || c.family === 'A1120' ? 'A1140' : 'other Elster';
  if (actual !== model) {
    throw new ProtocolError('METER_ERROR', `This meter identifies itself as ${actual === 'generic' ? modelWords('generic') : `an Elster ${c.profile === 'elster' ? c.family : ''}`} (${meter.identification.raw}); the staged program is for ${modelWords(model)}. Nothing was written.`);
  }
}

/** The meter's programming log (Elster 680) or null (generic meters have none). */
async function counter(meter: OpenedMeter, timeZone: string): Promise<ProgrammingLog | null> {
  return meter.session instanceof ElsterSession && meter.elsterModel ? readElsterProgrammingLog(meter.session, meter.elsterModel, { zone: timeZone }) : null;
}

/** Run the job's meter side (see the module comment). Never throws. */
export async function runProgramming(ctx: AppContext, input: RunInput): Promise<MeterRun> {
  const { plan, onStep } = input;
  const run: MeterRun = {
    identification: null, manufacturer: null, seenSerial: null, meterTimeLocal: null, counterBefore: null, counterAfter: null, emulated: false, definitionFiles: [],
    written: [], notWritten: [...plan.writes], readBack: new Map(), readBackDone: false, error: null,
  };
  try {
    const link = await openMeterLink(ctx, { port: input.port, line: input.line, timeZone: input.meter.timeZone, ...(input.signal ? { signal: input.signal } : {}) }, (m) => onStep('open-port', m));
    run.emulated = link.emulated === true;
    try {
      onStep('sign-on', 'Signing on…');
      const d = input.delegation;
      if (d && input.model === 'generic') throw new ProtocolError('METER_ERROR', 'A delegated meter password is used only with Elster meters, whose serial number is read before the password is sent. Ask an engineer to upload this program.');
      const meter = await openMeterSession(link.transport, {
        ...sessionOptionsOf(link, { address: input.address }),
        meter: 'auto',
        password: d ? d.openPassword : (input.password ?? undefined),
        passwordLevel: (d ? d.openLevel : input.meter.passwordLevel) as ElsterSecurityLevel,
        signal: input.signal,
        ...(d ? { maxResignOns: 0 } : {}),
        definitions: input.definitions,
        onChoice: (choice, id) => {
          run.identification = id.raw;
          run.manufacturer = id.manufacturerId;
          checkModel({ choice, identification: id }, input.model);
        },
      });
      try {
        await programMeter(meter, input, run);
      } finally {
        await meter.close();
      }
    } finally {
      await link.close();
    }
  } catch (e) {
    run.error ??= plainError(e);
  }
  return run;
}

async function programMeter(meter: OpenedMeter, input: RunInput, run: MeterRun): Promise<void> {
  const { onStep } = input;
  onStep('check-meter', `Meter identified: ${meter.identification.raw}. Checking it is meter ${input.meter.serial}…`);
  checkModel(meter, input.model);
  const serial = (await meter.readSerial())?.trim() ?? null;
  run.seenSerial = serial;
  if (serial === null) throw new ProtocolError('METER_ERROR', `The meter did not give its serial number, so it cannot be checked against the staged program (${input.meter.serial}). Nothing was written.`);
  if (serial !== input.meter.serial.trim()) throw new ProtocolError('METER_ERROR', `This meter is ${serial}, the staged program is for ${input.meter.serial}. Nothing was written.`);
  const def = definitionFor(input.model, input.definitions, meter.identification.raw);
  run.definitionFiles = [...def.sources];
  const plan = withProvenance(input.plan, def);
  run.notWritten = [...plan.writes];
  const refused = run.emulated ? [] : unprovenWrites(plan, def);
  if (refused.length > 0) throw new ProtocolError('REFUSED', unprovenMessage(def, refused, input.definitionsDir));
  try {
    run.meterTimeLocal = (await readClock(meter.session, { timeZone: input.meter.timeZone })).meterLocal;
  } catch (e) {
    if (!(e instanceof ProtocolError) || !['METER_ERROR', 'GARBLED'].includes(e.code)) throw e;
  }
  onStep('counter-before', 'Reading the programming counter…');
  run.counterBefore = await counter(meter, input.meter.timeZone);

  let io: PlanIo;
  if (meter.session instanceof ElsterSession) {
    // The meter proved to be the staged one: record the delegated use, then (only then) send the password.
    input.delegation?.release({ identification: meter.identification.raw, serial });
    await ensureElsterLevel(meter.session, plan, input.password ?? undefined);
    io = elsterPlanIo(meter.session);
  } else {
    io = genericPlanIo(meter.session as ProgrammingSession);
  }
  onStep('write', `Writing ${plan.writes.length} items…`);
  const up = await uploadPlan(plan, io, { signal: input.signal, onStep: (s) => onStep('write', `Written: ${s.write.description}`, s) });
  run.written = up.written;
  run.notWritten = up.notWritten;
  if (up.error) {
    const stopped = up.notWritten[0]!;
    run.error = `The upload stopped at "${stopped.description}" (${up.written.length} of ${plan.writes.length} items written): ${plainError(up.error)}`;
    return;
  }
  onStep('read-back', 'Reading back what was written…');
  const rb = await readBackPlan(plan, io, { signal: input.signal, onStep: (s) => onStep('read-back', `Read back: ${s.write.description}`, s) });
  run.readBack = rb.readBack;
  run.readBackDone = true;
  if (rb.error) {
    run.error = `Everything was written, but the read back stopped (${rb.unread.length} items not read back): ${plainError(rb.error)}`;
    return;
  }
  onStep('counter-after', 'Reading the programming counter again…');
  run.counterAfter = await counter(meter, input.meter.timeZone);
}
