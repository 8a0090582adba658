/**
 * The emulated-meter link provider: the built-in meters a technician can try without hardware.
 * - `emulator` (also `emulator:generic`): the generic IEC 62056-21 mode C meter;
 * - `emulator:a1140` / `emulator:a1700`: an Elster A1140 / A1700 speaking the Elster dialect, password `00000000`
 *   at every security level, its clock {@link EMULATED_ELSTER_DRIFT_S} seconds fast (so drift, adjust and set can be
 *   tried).
 * One emulated meter per port name and data folder (per time zone too without a data folder) lives as long as the
 * process (like a meter left on the probe), so a clock set or adjust made by one job is seen by the next; with a data
 * folder it is also saved there after every change (main/emulator/registry.ts), so the next process (`pmu program`
 * then `pmu read`) finds it as left, and a process reloads it when another saved it since (issue 13.1: a program in
 * the UI — in the staged meter's zone — then a read in the UI — in the workstation's zone — shows the new scheme ID
 * and programming counter). Each job gets a fresh paced in-memory link to it (8 data bits for the Elster meters, whose data stream
 * is binary).
 * - `emulator:probe`: the generic meter behind an EMULATED OPTICAL PROBE ({@link EMULATED_PROBE}: powered only with DTR on
 *   and RTS off, echoes what it sends, passes at most 4800 baud) opened through the real serial transport with the
 *   port's probe profile (main/links/serial), so the probe-connection wizard and profiles can be tried without hardware.
 * The emulator (main/emulator/) is loaded on the first open only, so a process that reads a serial port never
 * loads it (main/links/links.test.ts checks the import graph).
 */
import { STANDARD_PROBE_PROFILE } from '../../../contract/probe';
import type { EmulatedMeter, EmulatedModel } from '../../emulator';
import type { EmulatedProbeSpec } from '../../emulator/probe/binding';
import type { SerialProviderOptions } from '../serial/provider';
import type { Link, LinkProvider, LinkRequest, PortInfo } from '../types';

/** The port name of the built-in generic emulated meter. */
export const EMULATOR_PORT = 'emulator';

/** Port names of the built-in emulated Elster meters. */
export const EMULATOR_ELSTER_PORTS = { a1140: `${EMULATOR_PORT}:a1140`, a1700: `${EMULATOR_PORT}:a1700` } as const;

/** Clock drift of the emulated Elster meters at start, seconds (meter fast). */
export const EMULATED_ELSTER_DRIFT_S = 95;

/** The port name of the generic meter behind the emulated optical probe. */
export const EMULATOR_PROBE_PORT = `${EMULATOR_PORT}:probe`;

/**
 * The built-in emulated probe: powered only with DTR on and RTS off, echoes, at most 4800 baud (the generic meter
 * offers 9600), USB id ffff:0001 — a combination the standard profile does not reach, so the wizard has work to do.
 */
export const EMULATED_PROBE: EmulatedProbeSpec = { path: EMULATOR_PROBE_PORT, needs: { dtr: true, rts: false }, echo: true, maxBaud: 4800, usbId: 'ffff:0001' };

/** The emulated model a port name selects, or null when it is not an emulated meter's name. */
export function emulatedModelOf(port: string): EmulatedModel | null {
  if (port === EMULATOR_PORT || port === `${EMULATOR_PORT}:generic` || port === EMULATOR_PROBE_PORT) return 'generic';
  if (port === EMULATOR_ELSTER_PORTS.a1140) return 'a1140';
  if (port === EMULATOR_ELSTER_PORTS.a1700) return 'a1700';
  return null;
}

/** Words for an emulated meter: "the emulated meter", "the emulated Elster A1140". */
function labelOf(model: EmulatedModel): string {
  return model === 'generic' ? 'the emulated meter' : `the emulated Elster ${model.toUpperCase()}`;
}

/** The built-in meters for the port picker (generic first). */
export const EMULATED_PORTS: readonly PortInfo[] = [
  { port: EMULATOR_PORT, label: 'Emulated meter (built-in)', kind: 'emulated', emulated: true, detail: 'IEC 62056-21 mode C, 9600 baud' },
  { port: EMULATOR_ELSTER_PORTS.a1140, label: 'Emulated Elster A1140 (built-in)', kind: 'emulated', emulated: true, detail: 'Elster dialect, password 00000000 at every level' },
  { port: EMULATOR_ELSTER_PORTS.a1700, label: 'Emulated Elster A1700 (built-in)', kind: 'emulated', emulated: true, detail: 'Elster dialect, password 00000000 at every level' },
  { port: EMULATOR_PROBE_PORT, label: 'Emulated meter behind an optical probe (built-in)', kind: 'emulated', emulated: true, detail: 'the probe needs DTR on and RTS off, echoes, and passes at most 4800 baud: find its profile with the connection wizard' },
];

/** The emulated provider (see the file comment). Each provider keeps its own meters; `probeProfileFor` as the serial provider's. */
export function emulatedLinkProvider(opts: Pick<SerialProviderOptions, 'probeProfileFor'> = {}): LinkProvider {
  const meters = new Map<string, { meter: EmulatedMeter; stamp: number | null }>();
  const meterFor = async (req: LinkRequest, model: EmulatedModel): Promise<EmulatedMeter> => {
    const { loadEmulatedMeter, savedStateStamp } = await import('../../emulator/registry');
    const dir = req.dataDir ?? null;
    // A meter has one time zone (the one it was first made with): with a data folder one meter per port, whatever
    // zone a job names; without one (tests), one per zone as well.
    const key = dir ? `${req.port}|${dir}` : `${req.port}|${req.timeZone}|`;
    const stamp = dir ? savedStateStamp(dir, req.port) : null;
    let entry = meters.get(key);
    if (!entry || (stamp !== null && stamp !== entry.stamp)) {
      const meter = loadEmulatedMeter({ port: req.port, model, timeZone: req.timeZone, stateDir: dir, elsterClockOffsetMs: EMULATED_ELSTER_DRIFT_S * 1000 });
      const fresh = { meter, stamp };
      entry = fresh;
      meters.set(key, fresh);
      if (dir) {
        // Our own saves are not "another process's": remember their stamp.
        const save = meter.onChange;
        meter.onChange = () => {
          save?.();
          fresh.stamp = savedStateStamp(dir, req.port);
        };
      }
    }
    return entry.meter;
  };
  return {
    kind: 'emulated',
    names: `the built-in meters are ${EMULATED_PORTS.map((p) => p.port).join(', ')}`,
    matches: (port) => emulatedModelOf(port) !== null,
    describe: (req) => labelOf(emulatedModelOf(req.port) ?? 'generic'),
    list: async () => [...EMULATED_PORTS],
    async open(req) {
      const model = emulatedModelOf(req.port) ?? 'generic';
      const meter = await meterFor(req, model);
      if (req.port === EMULATOR_PROBE_PORT) return openEmulatedProbe(req, meter, opts);
      const { createLinkPair, runMeterOnTransport } = await import('../../emulator');
      const eightBit = model !== 'generic';
      const [client, far] = createLinkPair({ paced: true, names: [req.port, `${req.port}-meter`], dataBits: eightBit ? 8 : 7 });
      const running = runMeterOnTransport(meter, far);
      return {
        transport: client,
        eightBit,
        label: labelOf(model),
        baudSwitch: true,
        emulated: true,
        async close() {
          await running.stop();
          await client.close();
        },
      };
    },
  };
}

/** Open the meter behind the emulated probe through the serial transport, with the port's (or the request's) profile. */
async function openEmulatedProbe(req: LinkRequest, meter: EmulatedMeter, opts: Pick<SerialProviderOptions, 'probeProfileFor'>): Promise<Link> {
  const [{ emulatedProbeBinding }, { openProbeLink }] = await Promise.all([import('../../emulator/probe/binding'), import('../serial/provider')]);
  const profile = req.probe ?? opts.probeProfileFor?.(req.port, EMULATED_PROBE.usbId ?? null) ?? STANDARD_PROBE_PROFILE;
  const link = await openProbeLink(req.port, req, profile, emulatedProbeBinding(EMULATED_PROBE, meter));
  return { ...link, label: 'the emulated meter behind an optical probe' };
}
