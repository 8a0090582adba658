import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listAudit } from '../audit/store';
import type { Transport } from '../../protocol/iec62056-21/transport';
import { type TariffScheme, newScheme } from '../../schemes/model';
import { validateScheme } from '../../schemes/validate';
import { type ElsterMeter, type Fault, createEmulatedMeter, pacedTransport, runMeterOnTransport, type RunningMeter } from '../emulator';
import { type PtyPair, hasSocat, openPtyPair } from '../links/serial/pty-pair';
import { openSerialTransport } from '../links/serial/transport';
import { getCertificate, listCertificates, meterProgrammingState } from '../store/programming-jobs';
import { getReading } from '../store/readings';
import { findOrImportScheme } from '../store/schemes';
import { createStagedProgram, getStagedProgram } from '../store/staging';
import { createAppContext } from './app-context';
import type { AppContext } from '../core/context';
import { type ProgramProgress, programStagedMeter } from './program';
import { readMeter } from './read-meter';

/**
 * Programming over a REAL pty pair (socat), as `pmu program` does with an optical probe: the emulated Elster A1140
 * runs in this process on one end (paced like a UART, 8N1), the programming service on the other. Asserts the
 * issue's bar: the certificate of an upload is verified with no differences, the programming counter rose by one
 * with the user ID and time recorded, and afterwards the meter's TOU registers accumulate by the PROGRAMMED rates
 * (read back with the reading service over the same pty). Then a link failure part way (unplug fault) → partially
 * programmed with the exact written / not-written split; a different meter → failed, nothing written.
 * Seen from the programming service the meter on the pty is a REAL meter (a serial port, not a built-in emulated
 * one), so the safety rail applies: writes whose layout no public source confirms are refused, nothing written,
 * until a meter definition file in the data directory confirms them (programming/safety.ts).
 */

const TZ = 'Europe/London';
const START = Date.UTC(2025, 5, 2, 9, 0, 0); // Monday 2 June 2025, 10:00 BST
const PASSWORD = '00000000';
const SERIAL = 'EMU-A1140-0001';
const LIMIT = 180_000;

/** Rate 2 only 00:00–07:00 local time, every day; rate 1 otherwise. London's real DST rule. */
function nightScheme(): TariffScheme {
  const s = newScheme('NIGHT07', 'Night 00-07', 'A1140', TZ);
  const d = 'every';
  return {
    ...s,
    rates: [{ number: 1, name: 'Day' }, { number: 2, name: 'Night' }],
    dayProfiles: [{ id: d, name: 'Every day', switches: [{ time: '00:00', rate: 2 }, { time: '07:00', rate: 1 }] }],
    weekProfiles: [{ id: 'week', name: 'Week', days: { monday: d, tuesday: d, wednesday: d, thursday: d, friday: d, saturday: d, sunday: d } }],
    seasons: [{ name: 'All year', start: { month: 1, day: 1 }, weekProfile: 'week' }],
    dst: { ...s.dst, start: { week: 'last', weekday: 'sunday', month: 3, hour: 1 }, end: { week: 'last', weekday: 'sunday', month: 10, hour: 2 } },
  };
}

/** The A1140 writes of this program that no public source shows (meter-definitions/a1140.ts: provenance `assumption`). */
const UNPROVEN = ['681', '901', '902', '903', '904', '905', '906', '907', '908', '617'];

/** A utility's definition file confirming `ids` from the maker's documentation (docs/meter-definitions.md). */
function confirmLayouts(dataDir: string, ids: readonly string[]): void {
  const dir = path.join(dataDir, 'meter-definitions');
  mkdirSync(dir, { recursive: true });
  const file = {
    format: 'pmu-meter-definition', formatVersion: 1, model: 'A1140', title: 'Test utility: A1140 programming layouts',
    items: ids.map((id) => ({ id, confirmed: true, provenance: 'manual:A1140 programming specification (test stand-in), section ' + id })),
  };
  writeFileSync(path.join(dir, 'utility.meter.json'), JSON.stringify(file, null, 2));
}

interface Rig {
  readonly dataDir: string;
  readonly pair: PtyPair;
  readonly meter: ElsterMeter;
  readonly ctx: AppContext;
  setNow(ms: number): void;
  close(): Promise<void>;
}

const rigs: Rig[] = [];
afterEach(async () => {
  await Promise.all(rigs.splice(0).map((r) => r.close()));
});

async function rig(faults: Fault[] = [], confirmed: readonly string[] = UNPROVEN): Promise<Rig> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'pmu-program-'));
  if (confirmed.length > 0) confirmLayouts(dataDir, confirmed);
  const pair = await openPtyPair();
  const meterEnd: Transport = await openSerialTransport(pair.b, { format: '8N1' });
  let now = START;
  const meter = createEmulatedMeter({ model: 'a1140', timeZone: TZ, now: () => now, powerFailure: null, seedRng: 7, installedUtcMs: START - 30 * 86_400_000 });
  const running: RunningMeter = runMeterOnTransport(meter, pacedTransport(meterEnd), { faults, reactionTimeMs: 20 });
  const ctx = createAppContext({ dbPath: path.join(dataDir, 'pmu.sqlite'), timeZone: TZ });
  const r: Rig = {
    dataDir, pair, meter, ctx,
    setNow: (ms) => (now = ms),
    async close() {
      await running.stop();
      await meterEnd.close();
      await pair.close();
      ctx.db.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  rigs.push(r);
  return r;
}

function stage(ctx: AppContext, scheme: TariffScheme, serial = SERIAL, status: 'draft' | 'approved' = 'approved') {
  const { schemeStoreId, version } = findOrImportScheme(ctx.db, scheme, { by: 'engineer' });
  return createStagedProgram(ctx.db, { schemeStoreId, schemeVersion: version, meter: { serial, ctRatio: '200/5', vtRatio: null, passwordLevel: 3, site: 'Mill', customer: 'ACME', timeZone: TZ }, by: 'engineer', status });
}

/** TOU registers T1…T3 (kWh) read with the reading service over the pty. */
async function touOverPty(r: Rig): Promise<number[]> {
  const out = await readMeter(r.ctx, { port: r.pair.a, meter: 'a1140', password: PASSWORD, line: '8N1', loadProfile: false, events: false, resOut: false }, () => undefined);
  const reading = getReading(r.ctx.db, out.readingId)!;
  return ['1.8.1', '1.8.2', '1.8.3'].map((code) => Number(reading.registers.find((x) => x.code === code && x.billingPeriod === null)!.text));
}

describe.skipIf(!hasSocat())('programming over a pty pair (emulated A1140)', () => {
  it('safety rail: a real meter gets no write whose layout is unproven; a confirming definition file lets the same upload through', { timeout: LIMIT }, async () => {
    const r = await rig([], []);
    const staged = stage(r.ctx, nightScheme());
    const refused = await programStagedMeter(r.ctx, { stagedId: staged.id, port: r.pair.a, password: PASSWORD }, () => undefined);
    expect(refused.status).toBe('failed');
    expect(refused.written).toEqual([]);
    expect(refused.notWritten).toHaveLength(13);
    expect(refused.error).toMatch(/^Nothing was written\. This real Elster A1140 would get 10 layouts that no public source, manual or loaded definition file confirms/);
    for (const id of UNPROVEN) expect(refused.error).toMatch(new RegExp(`[:;] ${id} [^;()]+ \\(assumption\\)`));
    expect(refused.error).toContain(path.join(r.dataDir, 'meter-definitions'));
    expect(refused.error).toContain('"confirmed": true');
    expect(refused.notWritten.filter((w) => w.provenance.startsWith('assumption')).map((w) => w.address)).toEqual(['681', '901', '902', '903', '904', '905', '906', '907', '908', '617']);
    expect(refused.notWritten.find((w) => w.address === '667')!.provenance).toMatch(/^public:/);
    expect(r.meter.audit.count).toBe(0); // nothing reached the meter
    expect(r.meter.schemeId).toBe('SCHEME01');

    confirmLayouts(r.dataDir, UNPROVEN);
    const again = stage(r.ctx, nightScheme());
    const cert = await programStagedMeter(r.ctx, { stagedId: again.id, port: r.pair.a, password: PASSWORD }, () => undefined);
    expect(cert.status).toBe('verified');
    expect(cert.definitionFiles).toEqual(['utility.meter.json']);
    expect(cert.written.find((w) => w.address === '901')).toMatchObject({ provenance: 'manual:A1140 programming specification (test stand-in), section 901', confirmedBy: 'utility.meter.json' });
    expect(r.meter.schemeId).toBe('NIGHT07');
  });

  it('verifies the upload, counts it once with the user ID, and the TOU registers then follow the programmed rates', { timeout: LIMIT }, async () => {
    const r = await rig();
    const scheme = nightScheme();
    expect(validateScheme(scheme).filter((p) => p.severity === 'error')).toEqual([]);
    const staged = stage(r.ctx, scheme);
    const progress: ProgramProgress[] = [];
    const cert = await programStagedMeter(r.ctx, { stagedId: staged.id, port: r.pair.a, password: PASSWORD, meterUserId: 'TECH0042' }, (p) => progress.push(p));

    expect(cert.status).toBe('verified');
    expect(cert.error).toBeNull();
    expect(cert.differences).toEqual([]);
    expect(cert.notWritten).toEqual([]);
    expect(cert.written.map((w) => w.address)).toEqual(['681', '901', '902', '903', '904', '905', '667', '906', '907', '908', '616', '617', '795']);
    expect(cert.readBack.map((x) => x.address)).toEqual(cert.written.map((w) => w.address));
    expect(cert.counterBefore).toEqual({ count: 0, lastTimesUtc: [] });
    expect(cert.counterAfter).toEqual({ count: 1, lastTimesUtc: [new Date(START).toISOString()] });
    expect(cert.meterTimeLocal).toBe('2025-06-02T10:00:00');
    expect(cert.meter).toMatchObject({ serial: SERIAL, model: 'A1140', identification: '/GEC510051000000', manufacturer: 'GEC', ctRatio: '200/5' });
    expect(r.meter.audit).toMatchObject({ count: 1, users: ['TECH0042'] });
    expect(r.meter.schemeId).toBe('NIGHT07');
    expect(getCertificate(r.ctx.db, cert.jobId)).toEqual(cert);
    expect(getStagedProgram(r.ctx.db, staged.id).status).toBe('programmed');
    expect(progress.filter((p) => p.step === 'write').at(-1)).toMatchObject({ writesDone: 13, writesTotal: 13 });
    expect(progress.at(-1)).toMatchObject({ step: 'done', percent: 100 });
    const percents = progress.map((p) => p.percent ?? 0);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));

    // Three days later: T2 grew by exactly the energy of 00:00–07:00 local, T1 by the rest, T3 (no longer in the calendar) not at all.
    const before = await touOverPty(r);
    const days = 3;
    const end = START + days * 86_400_000;
    r.setNow(end);
    const after = await touOverPty(r);
    let night = 0;
    let day = 0;
    for (let t = START; t < end; t += 60_000) {
      const e = r.meter.energy.between(t, t + 60_000).importKwh;
      if (r.meter.zone.local(t).hour < 7) night += e;
      else day += e;
    }
    expect(night).toBeGreaterThan(0.5);
    expect(after[1]! - before[1]!).toBeCloseTo(night, 3);
    expect(after[0]! - before[0]!).toBeCloseTo(day, 3);
    expect(after[2]!).toBeCloseTo(before[2]!, 6);
  });

  it('a link failure part way leaves the meter partially programmed: the acknowledged writes, the rest not written', { timeout: LIMIT }, async () => {
    // Answers: 1 identification, 2 P0, 3–4 the level 3 password, 5 serial, 6 clock, 7 counter, 8 W1 681, 9 W1 901, 10 W1 902, 11 W1 903.
    const r = await rig([{ fault: 'unplug', when: { commandKind: 'W1', answerIndex: 11 }, offset: 0 }]);
    const staged = stage(r.ctx, nightScheme());
    const cert = await programStagedMeter(r.ctx, { stagedId: staged.id, port: r.pair.a, password: PASSWORD }, () => undefined);

    expect(cert.status).toBe('partially-programmed');
    expect(cert.written.map((w) => w.address)).toEqual(['681', '901', '902']);
    expect(cert.notWritten.map((w) => w.address)).toEqual(['903', '904', '905', '667', '906', '907', '908', '616', '617', '795']);
    expect(cert.error).toMatch(/^The upload stopped at "Seasons: 'All year' from 1 January \('Week'\)" \(3 of 13 items written\): /);
    expect(cert.readBack).toEqual([]);
    expect(cert.counterAfter).toBeNull();
    expect(getStagedProgram(r.ctx.db, staged.id).status).toBe('partially-programmed');
    expect(meterProgrammingState(r.ctx.db, SERIAL)).toMatchObject({ status: 'partially-programmed', jobId: cert.jobId });
    expect(r.meter.schemeId).toBe('SCHEME01'); // the commit marker was never written
  });

  it('refuses a different meter before writing anything', { timeout: LIMIT }, async () => {
    const r = await rig();
    const staged = stage(r.ctx, nightScheme(), '99999999');
    const cert = await programStagedMeter(r.ctx, { stagedId: staged.id, port: r.pair.a, password: PASSWORD }, () => undefined);
    expect(cert.status).toBe('failed');
    expect(cert.error).toBe(`This meter is ${SERIAL}, the staged program is for 99999999. Nothing was written.`);
    expect(cert.written).toEqual([]);
    expect(cert.notWritten).toHaveLength(13);
    expect(r.meter.audit.count).toBe(0);
    expect(getStagedProgram(r.ctx.db, staged.id).status).toBe('failed');
    expect(listCertificates(r.ctx.db, { serial: '99999999' })).toHaveLength(1);
    // The certificate and the audit record name the meter actually on the probe (issue 13.6).
    expect(cert.seenSerial).toBe(SERIAL);
    const [rec] = listAudit(r.ctx.db, { action: 'program.uploadFailed' }, { limit: 5 }).records;
    expect(rec?.meterSerial).toBe(SERIAL);
    expect(JSON.parse(rec!.summaryJson)).toMatchObject({ after: { stagedFor: '99999999', meterOnProbe: SERIAL } });
  });
});
