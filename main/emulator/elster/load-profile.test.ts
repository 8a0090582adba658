import { afterEach, describe, expect, it } from 'vitest';
import { ACK, concatBytes } from '../../../protocol/iec62056-21/control';
import { uintLE } from '../../../protocol/meters/elster/bcd';
import { asciiText, decodeLoadProfileSize, encodeTimeDate } from '../../../protocol/meters/elster/decoders';
import { type ElsterLoadProfile, decodeLoadProfile } from '../../../protocol/meters/elster/load-profile';
import { utcMsToMeterSeconds } from '../../../protocol/meters/elster/meter-time';
import { ElsterMeter } from './meter';
import { type ElsterRig, elsterLogin, elsterRead, elsterSignOn, elsterStream, elsterWrite, startElsterRig } from './raw-client';

/**
 * The Elster load profile (550) over raw frames: selection by 551 (FFFF = everything) and 554 (date range),
 * RD streaming with CRC and ESC abort, R1 packets, decoded with the pure decodeLoadProfile; and the speed of
 * producing 90 days on the meter side.
 */

const NOW = Date.UTC(2025, 2, 31, 10, 7, 30); // Monday 31 March 2025, 11:07:30 BST
const INSTALLED = Date.UTC(2024, 1, 25, 0, 0);
const OUTAGE = { startUtcMs: Date.UTC(2025, 2, 21, 13, 7), durationMinutes: 95 };
const HALF_HOUR = 1_800_000;
const rigs: ElsterRig[] = [];

afterEach(async () => {
  await Promise.all(rigs.splice(0).map((r) => r.stop()));
});

async function loggedIn(opts: { loadProfileDays?: number } = {}, paced = false): Promise<ElsterRig> {
  const r = startElsterRig(NOW, { installedUtcMs: INSTALLED, powerFailure: OUTAGE, ...opts }, {}, paced);
  rigs.push(r);
  const { seed } = await elsterSignOn(r.peer);
  await elsterLogin(r.peer, 2, '00000000', seed);
  return r;
}

const isAck = (a: Uint8Array) => a.length === 1 && a[0] === ACK;
const assembleStream = (blocks: readonly { data: Uint8Array }[]) => concatBytes(...blocks.map((b) => b.data));
const ZONE = { zone: 'Europe/London' };
const decode = (r: { meter: ElsterMeter }, bytes: Uint8Array): ElsterLoadProfile => decodeLoadProfile(bytes, r.meter.loadProfile.layout, ZONE);
const startMs = (i: { startUtc: string }) => Date.parse(i.startUtc);
/** W1 554 range: from/to in the meter's local seconds (public:abba1140/ABBA1140Profile.java, see docs/elster-sources.md). */
const range554 = (fromUtc: number, toUtc: number) => {
  const b = new Uint8Array(8);
  b.set(uintLE(utcMsToMeterSeconds(fromUtc, ZONE), 4), 0);
  b.set(uintLE(utcMsToMeterSeconds(toUtc, ZONE), 4), 4);
  return b;
};

describe('Elster load profile (550)', () => {
  it('W1 551 FFFF, then RD 550 streams everything: 100 days of 30-min import/export in mW with DST and power markers', async () => {
    const r = await loggedIn();
    expect(isAck(await elsterWrite(r.peer, '551', uintLE(0xffff, 2)))).toBe(true);
    const count = decodeLoadProfileSize(await elsterRead(r.peer, '551', 4)).blocks256;
    const blocks = await elsterStream(r.peer, '550');
    expect(blocks).toHaveLength(count);
    expect(blocks.map((b) => b.last)).toEqual(blocks.map((_, i) => i === count - 1));
    const lp = decode(r, assembleStream(blocks));
    expect(lp.ended).toBe(false); // the meter sends no FF: the receiver appends it (FlagIEC1107Connection.java:1088)
    expect(lp.layout.values).toBe('binary24');
    expect(lp.intervals.every((i) => i.periodMinutes === 30 && i.channels.map((c) => c.key).join() === 'importW,exportW')).toBe(true);
    // 100 local days up to 10:30 BST today; the DST change on 30 March shortens that day by 2 periods
    const first = lp.intervals[0]!;
    expect(first.startUtc).toBe(new Date(Date.UTC(2024, 11, 22, 0, 0)).toISOString());
    const last = lp.intervals[lp.intervals.length - 1]!;
    expect(last.endUtc).toBe(new Date(Date.UTC(2025, 2, 31, 10, 0)).toISOString());
    const outageSlots = 2; // 13:30–14:00 and 14:00–14:30 UTC lie wholly in the outage 13:07–14:42
    expect(lp.intervals).toHaveLength((startMs(last) + HALF_HOUR - startMs(first)) / HALF_HOUR - outageSlots);
    // every interval is the meter's average demand over it, in mW (mantissa × 10^exponent: ≥ 6 significant digits)
    const near = (got: number | undefined, want: number) => expect(Math.abs(got! - want)).toBeLessThanOrEqual(Math.max(1, want * 1e-5));
    for (const i of lp.intervals.filter((_, k) => k % 97 === 0)) {
      const e = r.meter.energy.between(startMs(i), startMs(i) + HALF_HOUR);
      near(i.values[0], e.importKwh * 2e6);
      near(i.values[1], e.exportKwh * 2e6);
    }
    const ev = (m: string) => lp.events.filter((e) => e.marker === m).map((e) => e.utc);
    expect(ev('powerDown')).toEqual([new Date(OUTAGE.startUtcMs).toISOString()]);
    expect(ev('powerUp')).toEqual([new Date(OUTAGE.startUtcMs + 95 * 60_000).toISOString()]);
    expect(ev('dstChange')).toEqual([new Date(Date.UTC(2025, 2, 30, 1, 0)).toISOString()]);
    expect(ev('newDay')).toHaveLength(100);
    const at = (utc: number) => lp.intervals.find((i) => startMs(i) === utc);
    expect(at(Date.UTC(2025, 2, 30, 0, 30))!.dst).toBe(false);
    expect(at(Date.UTC(2025, 2, 30, 1, 0))!.dst).toBe(true);
    expect(at(Date.UTC(2025, 2, 21, 13, 30))).toBeUndefined();
    expect(at(Date.UTC(2025, 2, 21, 13, 0))!.values[0]).toBeGreaterThanOrEqual(0);
  });

  it('W1 554 (local seconds) selects the local days overlapping from…to; R1 packets give the same bytes as RD, padded with FF', async () => {
    const r = await loggedIn();
    expect(isAck(await elsterWrite(r.peer, '554', range554(Date.UTC(2025, 2, 29, 0, 0), Date.UTC(2025, 2, 29, 23, 59))))).toBe(true);
    const blocks = await elsterStream(r.peer, '550');
    const streamed = assembleStream(blocks);
    const lp = decode(r, streamed);
    expect(lp.intervals).toHaveLength(48);
    expect(lp.intervals[0]!.startUtc).toBe('2025-03-29T00:00:00.000Z');
    const size = decodeLoadProfileSize(await elsterRead(r.peer, '551', 4));
    expect(size.blocks64).toBe(Math.ceil(streamed.length / 64));
    const packets = await elsterRead(r.peer, '550', (size.blocks64 + 1) * 64); // one packet more than 551 says (A1700 driver reads +1)
    expect([...packets.subarray(0, streamed.length)]).toEqual([...streamed]);
    expect(packets.subarray(streamed.length).every((b) => b === 0xff)).toBe(true);
    const viaPackets = decode(r, packets);
    expect(viaPackets.ended).toBe(true);
    expect(viaPackets.intervals).toEqual(lp.intervals);
  });

  it('RD of n blocks stops after n (the last one ETX, "more follows"); an ESC stops a paced stream early', async () => {
    const r = await loggedIn({ loadProfileDays: 20 }, true);
    const two = await elsterStream(r.peer, '550', 2);
    expect(two.map((b) => [b.packet, b.last])).toEqual([[1, false], [2, false]]);
    const total = decodeLoadProfileSize(await elsterRead(r.peer, '551', 4)).blocks256;
    expect(total).toBeGreaterThan(20);
    const aborted = await elsterStream(r.peer, '550', 0xffff, { onBlock: (_, i) => i === 1 });
    expect(aborted).toHaveLength(2);
    await new Promise((res) => setTimeout(res, 400)); // at most one more block was on its way (~0.27 s each)
    const stray = r.peer.pending().length;
    expect(stray).toBeLessThanOrEqual(263);
    if (stray > 0) await r.peer.take((b) => b.length);
    expect(await r.peer.silent(300)).toBe(true); // the stream really stopped
    expect(asciiText(await elsterRead(r.peer, '798', 16))).toBe('EMU-A1140-0001'); // and commands go on
  });

  it('reading 550 before any selection gives everything (551 FFFF is the default)', async () => {
    const r = await loggedIn({ loadProfileDays: 3 });
    const lp = decode(r, assembleStream(await elsterStream(r.peer, '550')));
    expect(lp.events.filter((e) => e.marker === 'newDay')).toHaveLength(3);
    expect(isAck(await elsterWrite(r.peer, '551', uintLE(1, 2)))).toBe(true); // newest day only
    const today = decode(r, assembleStream(await elsterStream(r.peer, '550')));
    expect(today.intervals[0]!.startUtc).toBe('2025-03-30T23:00:00.000Z'); // local midnight 31 March (BST)
    expect(today.intervals).toHaveLength(22); // 00:00 … 11:00 BST
  });
});

describe('Elster load profile after a clock set', () => {
  it('a level-3 clock set puts an EA (time change) marker and the time-sync status on that capture period', async () => {
    const r = startElsterRig(NOW, { installedUtcMs: INSTALLED, powerFailure: null, loadProfileDays: 2 });
    rigs.push(r);
    const { seed } = await elsterSignOn(r.peer);
    await elsterLogin(r.peer, 3, '00000000', seed);
    const setTo = NOW + 3_600_000; // 12:07:30 BST
    expect(isAck(await elsterWrite(r.peer, '861', encodeTimeDate(new Date(setTo + 3_600_000).toISOString().slice(0, 19))))).toBe(true);
    r.setHostNow(NOW + HALF_HOUR); // meter 12:37:30 BST: the period 12:00–12:30 BST is complete
    const lp = decode(r, assembleStream(await elsterStream(r.peer, '550')));
    expect(lp.events.filter((e) => e.marker === 'timeChange').map((e) => e.utc)).toEqual([new Date(setTo).toISOString()]);
    const synced = lp.intervals.filter((i) => i.statusFlags.includes('timeSync'));
    expect(synced.map((i) => i.startUtc)).toEqual([new Date(Date.UTC(2025, 2, 31, 11, 0)).toISOString()]);
    expect(lp.intervals.at(-1)!.endUtc).toBe(new Date(Date.UTC(2025, 2, 31, 11, 30)).toISOString());
  });
});

describe('Elster load profile generation speed', () => {
  // How fast it is generated is measured by bench/ (never by a timed unit test); here only what is generated.
  it('produces a 90-day, 30-min, 2-channel profile', () => {
    const meter = new ElsterMeter({ now: () => NOW, installedUtcMs: INSTALLED, loadProfileDays: 100 });
    const bytes = meter.loadProfile.select(NOW, NOW - 90 * 86_400_000, NOW);
    const lp = decodeLoadProfile(bytes, meter.loadProfile.layout, ZONE);
    expect(lp.intervals.length).toBeGreaterThan(90 * 48 - 10);
    expect(bytes.length).toBeGreaterThan(30_000);
  });
});
