import { afterEach, describe, expect, it } from 'vitest';
import { ACK, NAK } from '../../../protocol/iec62056-21/control';
import { decodeBlock, encodeSignOn } from '../../../protocol/iec62056-21/frames';
import { decodeAnswerFrame, encodePasswordFrame } from '../../../protocol/meters/elster/answers';
import { encodeElsterCommand, encodeElsterOptionSelect } from '../../../protocol/meters/elster/commands';
import { asciiText, decodeEnergyRegisters, decodeTimeDate } from '../../../protocol/meters/elster/decoders';
import { decodeMaxDemandRegisters } from '../../../protocol/meters/elster/demand';
import { parseElsterIdentification } from '../../../protocol/meters/elster/identification';
import { elsterP2Response } from '../../../protocol/meters/elster/password';
import {
  type ElsterRig, allAck, elsterBreak, elsterLogin, elsterRead, elsterReadRaw, elsterSignOn, startElsterRig,
} from './raw-client';
import type { ElsterMeterOptions } from './meter';

/**
 * The emulated Elster A1140/A1700 driven with raw dialect frames (unpaced 8-bit link, 2 ms reaction time):
 * sign-on, option select, P0 seed, passwords per level, R1 packets decoded with the pure decoders, the lock.
 */

const NOW = Date.UTC(2025, 2, 31, 10, 7, 30); // Monday 31 March 2025, 11:07:30 BST
const INSTALLED = Date.UTC(2024, 1, 25, 0, 0);
const PASSWORDS = { 1: 'LEVEL1PW', 2: 'LEVEL2PW', 3: 'LEVEL3PW' } as const;
const rigs: ElsterRig[] = [];
const kWh = (r: { milli: bigint }) => Number(r.milli) / 1e6;

function rig(opts: ElsterMeterOptions = {}, session = {}): ElsterRig {
  const r = startElsterRig(NOW, { installedUtcMs: INSTALLED, powerFailure: null, passwords: PASSWORDS, ...opts }, session);
  rigs.push(r);
  return r;
}

afterEach(async () => {
  await Promise.all(rigs.splice(0).map((r) => r.stop()));
});

describe('Elster meter: sign-on and passwords', () => {
  it('A1140: synthetic identification, Y=6 → P0 with a 16-hex seed, P2 level 2 → ACK, then R1 861 gives the clock', async () => {
    const { peer } = rig();
    const { identification, seed } = await elsterSignOn(peer);
    expect(identification).toBe('/GEC510051000000');
    expect(parseElsterIdentification(identification).family).toBe('A1140');
    expect(seed).toMatch(/^[0-9A-F]{16}$/);
    expect(allAck(await elsterLogin(peer, 2, PASSWORDS[2], seed))).toBe(true);
    const clock = decodeTimeDate(await elsterRead(peer, '861', 7));
    expect(clock).toEqual({ local: '2025-03-31T11:07:30', byte5: 1 }); // byte 5: weekday (Monday), not used by the drivers
  });

  it('each session gets a fresh seed; the same seedRng gives the same seeds', async () => {
    const a = rig();
    const b = rig();
    const s1 = (await elsterSignOn(a.peer)).seed;
    await elsterBreak(a.peer);
    const s2 = (await elsterSignOn(a.peer)).seed;
    expect(s2).not.toBe(s1);
    expect((await elsterSignOn(b.peer)).seed).toBe(s1);
  });

  it('the P2 transform is checked against the seed of this session: the right one is accepted, another refused with (ERR5)', async () => {
    const { peer, meter } = rig();
    const { seed } = await elsterSignOn(peer);
    await peer.send(encodePasswordFrame({ command: 'P2', operand: elsterP2Response(PASSWORDS[2], '0123456789ABCDEF') }));
    expect(decodeBlock(await peer.message()).data).toBe('(ERR5)');
    await expect(elsterRead(peer, '798', 16)).rejects.toMatchObject({ elsterCode: 'ERR5' });
    await peer.send(encodePasswordFrame({ command: 'P1', operand: 'WRONGPW!' }));
    expect(decodeBlock(await peer.message()).data).toBe('(ERR5)');
    expect(allAck(await elsterLogin(peer, 2, PASSWORDS[2], seed))).toBe(true);
    expect(asciiText(await elsterRead(peer, '798', 16))).toBe('EMU-A1140-0001');
    expect(meter.events.sessionEvents.filter((e) => e.kind === 'password-failure')).toHaveLength(2);
  });

  it('level 1 is P1 in clear; level 3 needs P2(0…0) first: the level-3 password alone gives no access', async () => {
    const { peer } = rig();
    let { seed } = await elsterSignOn(peer);
    expect(allAck(await elsterLogin(peer, 1, PASSWORDS[1], seed))).toBe(true);
    await peer.send(encodePasswordFrame({ command: 'P2', operand: elsterP2Response(PASSWORDS[3], seed) }));
    expect(decodeBlock(await peer.message()).data).toBe('(ERR5)');
    await elsterBreak(peer);
    ({ seed } = await elsterSignOn(peer));
    const answers = await elsterLogin(peer, 3, PASSWORDS[3], seed);
    expect(answers).toHaveLength(2);
    expect(allAck(answers)).toBe(true);
  });

  it('reads before any password, and after the inactivity lock, get (ERR5) until a password is accepted again', async () => {
    const { peer } = rig({ lockAfterMs: 120 });
    const { seed } = await elsterSignOn(peer);
    expect(decodeBlock(await elsterReadRaw(peer, '861', 1, 7)).data).toBe('(ERR5)');
    await elsterLogin(peer, 2, PASSWORDS[2], seed);
    expect(decodeAnswerFrame(await elsterReadRaw(peer, '861', 1, 7))).toHaveLength(7);
    await new Promise((r) => setTimeout(r, 200));
    expect(decodeBlock(await elsterReadRaw(peer, '861', 1, 7)).data).toBe('(ERR5)');
    expect(decodeBlock(await elsterReadRaw(peer, '861', 1, 7)).data).toBe('(ERR5)');
    expect(allAck(await elsterLogin(peer, 2, PASSWORDS[2], seed))).toBe(true);
    expect(decodeAnswerFrame(await elsterReadRaw(peer, '861', 1, 7))).toHaveLength(7);
  });

  it('takes Y=6 only (silence for Y=1); a meter set "IEC 1107 compatible" takes Y=1 only', async () => {
    const a = rig();
    await a.peer.send(encodeSignOn());
    await a.peer.message();
    await a.peer.send(encodeElsterOptionSelect('5', 'iec1107'));
    await a.peer.setBaud(9600);
    expect(await a.peer.silent(60)).toBe(true);
    const b = rig({ optionSelect: 'iec1107' });
    const { seed } = await elsterSignOn(b.peer, { variant: 'iec1107' });
    expect(allAck(await elsterLogin(b.peer, 2, PASSWORDS[2], seed))).toBe(true);
    await elsterBreak(b.peer);
    await b.peer.setBaud(300);
    await b.peer.send(encodeSignOn());
    await b.peer.message();
    await b.peer.send(encodeElsterOptionSelect('5', 'manufacturer'));
    await b.peer.setBaud(9600);
    expect(await b.peer.silent(60)).toBe(true);
  });
});

describe('Elster meter: R1 packets', () => {
  async function loggedIn(opts: ElsterMeterOptions = {}) {
    const r = rig(opts);
    const { seed } = await elsterSignOn(r.peer);
    await elsterLogin(r.peer, 2, PASSWORDS[2], seed);
    return r;
  }

  it('507 in two 64-byte packets decodes to 16 registers: import/export equal the meter energy in mWh', async () => {
    const { peer, meter } = await loggedIn();
    const regs = decodeEnergyRegisters(await elsterRead(peer, '507', 128), 16);
    const c = meter.energy.cumulative(NOW).total;
    expect(regs[0]!.milli).toBe(BigInt(Math.round(c.importKwh * 1e6)));
    expect(regs[1]!.milli).toBe(BigInt(Math.round(c.exportKwh * 1e6)));
    expect(kWh(regs[0]!)).toBeGreaterThan(1000);
  });

  it('508 follows the factory scheme: T1 day, T2 night (weekdays 23:00–07:00 local), T3 weekend import; T4…T8 unused', async () => {
    const { peer, meter } = await loggedIn();
    const cum = decodeEnergyRegisters(await elsterRead(peer, '507', 128), 16);
    const tou = decodeEnergyRegisters(await elsterRead(peer, '508', 64), [8]);
    expect(kWh(tou[0]!) + kWh(tou[1]!) + kWh(tou[2]!)).toBeCloseTo(kWh(cum[0]!), 3);
    // Independently: the import of every local weekday hour from 23:00 to 07:00 since installation.
    let night = 0;
    let weekend = 0;
    for (let h = INSTALLED; h < Math.floor(NOW / 3_600_000) * 3_600_000; h += 3_600_000) {
      const l = meter.zone.local(h);
      const e = meter.energy.between(h, h + 3_600_000).importKwh;
      if (l.weekday >= 6) weekend += e;
      else if (l.hour >= 23 || l.hour < 7) night += e;
    }
    expect(kWh(tou[1]!)).toBeCloseTo(night, 2);
    expect(kWh(tou[2]!)).toBeCloseTo(weekend, 2);
    expect(tou.slice(3).every((r) => r.milli === 0n)).toBe(true);
  });

  it('unknown data ID → (ERR2); a packet or length beyond the item → (ERR3); a bad BCC → NAK; B0 → idle', async () => {
    const { peer, session } = await loggedIn();
    expect(decodeBlock(await elsterReadRaw(peer, '123', 1, 8)).data).toBe('(ERR2)');
    expect(decodeBlock(await elsterReadRaw(peer, '798', 1, 0x20)).data).toBe('(ERR3)');
    expect(decodeBlock(await elsterReadRaw(peer, '507', 3, 0x40)).data).toBe('(ERR3)');
    const bad = encodeElsterCommand('R1', '798001(10)');
    bad[bad.length - 1] = bad[bad.length - 1]! ^ 0x01;
    await peer.send(bad);
    expect([...(await peer.message())]).toEqual([NAK]);
    await peer.send(encodeElsterCommand('R1', '79800(10)'));
    expect(decodeBlock(await peer.message()).data).toBe('(ERR1)');
    await elsterBreak(peer);
    await new Promise((r) => setTimeout(r, 20));
    expect(session.state).toBe('idle');
  });

  it('A1700: the reference identification (32 TOU registers by device number), 10 cumulative and 24 maximum demand registers', async () => {
    const { peer, meter } = rig({ model: 'a1700' });
    const { identification, seed } = await elsterSignOn(peer);
    expect(identification).toBe('/GEC5090100100400@000');
    expect(parseElsterIdentification(identification).family).toBe('A1700');
    await elsterLogin(peer, 2, PASSWORDS[2], seed);
    expect(decodeEnergyRegisters(await elsterRead(peer, '507', 80), 10)).toHaveLength(10);
    expect(decodeEnergyRegisters(await elsterRead(peer, '508', 256), [16, 32])).toHaveLength(32);
    const md = decodeMaxDemandRegisters(await elsterRead(peer, '510', 24 * 12), { zone: 'Europe/London' }, 24);
    const periodStart = Date.UTC(2025, 2, 1, 0, 0); // billing reset 1 March 00:00 GMT
    const kW = (r: { milli: bigint }) => Number(r.milli) / 1e6;
    expect(md[0]!.source).toBe(0); // import W (public:abba1140/EnergyTypeCode.java, docs/elster-sources.md)
    expect(kW(md[0]!)).toBeGreaterThan(0.5);
    const at = Date.parse(md[0]!.at!.utc);
    expect(at).toBeGreaterThan(periodStart);
    expect(at % 1_800_000).toBe(0);
    expect(kW(md[0]!)).toBeCloseTo(meter.energy.between(at - 1_800_000, at).importKwh * 2, 5);
    expect(md.slice(2).every((r) => r.milli === 0n && r.at === null && r.source === null)).toBe(true);
    expect([...(await elsterReadRaw(peer, '861', 1, 7))][0]).not.toBe(ACK);
  });
});
