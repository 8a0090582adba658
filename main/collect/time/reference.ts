/**
 * The trusted time reference of the fleet (settings `timeSync.*`, read through main/settings/policies.ts), measured: `ntp:host[:port]`
 * through SNTP (./sntp.ts), `gps:<serial port>[@baud]` through NMEA 0183 on that port (./gps.ts, opened 8N1 through
 * the link registry). {@link measureClockPolicy} turns the settings and one measurement into the ClockPolicy a run
 * applies to every meter (../clock-sync.ts): a run measures once, before its first meter.
 */
import type { Database } from 'better-sqlite3';
import { ProtocolError } from '../../../protocol/iec62056-21/errors';
import type { TimeCheckView } from '../../../contract/collection';
import type { LinkRegistry } from '../../links/types';
import { policies } from '../../settings/policies';
import { correctionRefusal, type ClockPolicy } from '../clock-sync';
import { gpsOffset } from './gps';
import { ntpOffset, type ReferenceOffset } from './sntp';

/** Measure `reference` (a settings value). @throws Error (plain) when it cannot be read or is malformed. */
export async function measureReference(reference: string, links: LinkRegistry, timeZone: string): Promise<ReferenceOffset> {
  const ntp = /^ntp:(\[[^\]]+\]|[^:]+)(?::(\d{1,5}))?$/.exec(reference);
  if (ntp) return ntpOffset(ntp[1]!.replace(/^\[|\]$/g, ''), ntp[2] ? Number(ntp[2]) : 123);
  const gps = /^gps:([^@]+)(?:@(\d+))?$/.exec(reference);
  if (gps) {
    const port = gps[1]!;
    const link = await links.open({ port, timeZone, line: '8N1' });
    try {
      await link.transport.setBaudRate(gps[2] ? Number(gps[2]) : 4800);
      return await gpsOffset(link.transport, port);
    } finally {
      await link.close();
    }
  }
  throw new Error(`"${reference}" is not a time reference: write ntp:<host>[:<port>] or gps:<serial port>[@<baud>].`);
}

/** The workstation clock against the stored reference now (the Settings "Check now" and `pmu timesync check`). */
export async function checkWorkstationClock(db: Database, links: LinkRegistry, timeZone: string): Promise<TimeCheckView> {
  const policy = await measureClockPolicy(db, links, timeZone);
  return { source: policy.referenceName, offsetMs: policy.offsetMs, delayMs: policy.delayMs ?? null, refused: correctionRefusal(policy) };
}

/** The clock policy of a run: the settings with the reference measured now (never throws: a failure is recorded). */
export async function measureClockPolicy(db: Database, links: LinkRegistry, timeZone: string): Promise<ClockPolicy & { delayMs?: number }> {
  const { reference, ...base } = policies({ db }).timeSync;
  if (reference === null) return { ...base, referenceName: null, offsetMs: null };
  try {
    const m = await measureReference(reference, links, timeZone);
    return { ...base, referenceName: m.source, offsetMs: m.offsetMs, delayMs: m.delayMs };
  } catch (e) {
    return { ...base, referenceName: reference, offsetMs: null, referenceError: (e as Error).message };
  }
}

/**
 * Before a meter clock is set or adjusted by hand (main/services/clock.ts: the Meter clock panel, `pmu time --set`
 * / `--adjust`): when a trusted reference is set up (`timeSync.reference`), this computer's clock is measured against
 * it and the change is refused beyond `timeSync.maxOffsetSeconds` — or when the reference cannot be read — naming
 * the offset (issue 14.5). With no reference set up this computer's clock stays the reference, as in the PMU
 * workstation, and nothing is measured.
 * @throws ProtocolError REFUSED: "The meter clock was not changed: this computer's clock is 42 s slow against NTP …".
 */
export async function requireTrustedWorkstationClock(db: Database, links: LinkRegistry, timeZone: string): Promise<void> {
  if (policies({ db }).timeSync.reference === null) return;
  const refusal = correctionRefusal(await measureClockPolicy(db, links, timeZone));
  if (refusal) throw new ProtocolError('REFUSED', `The meter clock was not changed: ${refusal}.`);
}
