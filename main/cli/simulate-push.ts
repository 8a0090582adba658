/**
 * `pmu simulate --meter a1100|push --port <pty>`: a push meter (IEC 62056-21 mode D) sending its telegram on a
 * serial port or pty at its real speed and interval until stopped (main/emulator/push/). Listen to it with
 * `pmu read --listen --port <other end> --baud <speed>`.
 */
import { PushMeter, runPushMeter, type PushModel } from '../emulator/push';
import { openSerialTransport } from '../links/serial/transport';

/** Options of a push-meter simulation (the subset of `pmu simulate` options it uses). */
export interface SimulatePushOptions {
  port?: string;
  meter: PushModel;
  serial?: string;
  baud?: string;
  intervalMs?: string;
  heardAt?: string;
  line?: '7E1' | '8N1';
}

/** Run the push meter until SIGINT/SIGTERM or the port closes. @throws Error (plain message) for bad options. */
export async function runSimulatePush(o: SimulatePushOptions): Promise<void> {
  if (o.port === undefined) throw new Error('Say where the push meter sends: --port <serial port or pty>.');
  const num = (text: string | undefined, option: string): number | undefined => {
    if (text === undefined) return undefined;
    const n = Number(text);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`${option} must be a positive number, got "${text}".`);
    return n;
  };
  let meter: PushMeter;
  try {
    meter = new PushMeter({
      model: o.meter,
      ...(o.serial === undefined ? {} : { serial: o.serial }),
      ...(o.baud === undefined ? {} : { baud: num(o.baud, '--baud')! }),
      ...(o.intervalMs === undefined ? {} : { intervalMs: num(o.intervalMs, '--interval-ms')! }),
    });
  } catch (e) {
    throw new Error((e as Error).message);
  }
  const heardAt = num(o.heardAt, '--heard-at');
  const serial = await openSerialTransport(o.port, { format: o.line ?? '7E1' });
  const running = runPushMeter(meter, serial, { ...(heardAt === undefined ? {} : { heardAtBaud: heardAt }), log: (t) => process.stderr.write(`[meter] ${t}\n`) });
  process.stderr.write(
    `Push meter ${meter.identification} sending on ${o.port} at ${meter.baud} baud ${o.line ?? '7E1'} every ${meter.intervalMs / 1000} s` +
      `${heardAt !== undefined && heardAt !== meter.baud ? ` (as heard at ${heardAt} baud)` : ''}; Ctrl+C to stop\n`,
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
    serial.onClose((reason) => {
      process.stderr.write(`Port closed: ${reason}\n`);
      resolve();
    });
  });
  await running.stop();
  await serial.close();
}
