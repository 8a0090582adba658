import { item, tariffImageItems } from './item';
import { a1700Src as src, fact } from './provenance';
import type { MeterDefinition } from './schema';

/**
 * The Elster A1700 as the public EnergyICT driver shows it (docs/elster-sources.md). F = ABBA1700DataIdentityFactory.java
 * (sizes), R = ABBA1700RegisterFactory.java (offsets, units). Sizes are the A1700's own: never the A1140's.
 * 508/667 sizes depend on the variant (16 or 32 TOU registers, chosen from the identification); the sizes below are
 * the 16-register variant's and readers scale them (protocol/meters/elster/model.ts).
 */

const F = 'ABBA1700DataIdentityFactory.java';
const R = 'ABBA1700RegisterFactory.java';
const LOG14 = '2-byte LE count, 3 × 4-byte LE local times (newest first)';

/** The built-in A1700 definition. */
export const A1700_DEFINITION: MeterDefinition = {
  model: 'A1700',
  name: 'Elster A1700',
  dialect: 'elster',
  sources: [],
  elster: {
    touRegisters: fact([16, 32], src('ABBA1700MeterType.java', '19-20')),
    touRegisters32DeviceNumbers: fact(['010', '012', '017', '020', '026'], src('ABBA1700MeterType.java', 19)),
    cumulativeRegisters: fact(
      ['active-import', 'active-export', 'reactive-q1', 'reactive-q2', 'reactive-q3', 'reactive-q4', 'apparent', 'customer-1', 'customer-2', 'customer-3'],
      src(R, '94-104'),
    ),
    maxDemandRegisters: fact(24, src(R, '116-118')),
    cumulativeMaxDemandRegisters: fact(8, src(R, '119-121')),
    lpValueEncoding: fact('bcd6', src('ABBA1700ProfileEntry.java', '135-142')),
    lpChannelMask: fact('a1700', src('ABBA1700ProfileEntry.java', '165-166')),
    lpMaxChannels: fact(14, src('ABBA1700Profile.java', 45)),
    lpSelection: fact('days-551', src('ABBA1700Profile.java', '60-74')),
    lpExtendedStatus: fact(false, src('ABBA1700ProfileEntry.java', '135-136')),
    ctRatioLayout: fact('bcd-le-4-2', src(R, '126-128')),
    vtRatioId: fact('614', src(R, '123-125')),
    programmingLog: fact('a1700-14', src(F, 95)),
    historicalEvents: fact('a1700-sets', src('HistoricalEventSet.java', '59-108')),
  },
  items: [
    item({ id: '798', name: 'serial number', description: 'Meter serial number as set at manufacture', bytes: 16, encoding: 'ascii', layout: '16 ASCII characters', readLevel: 1, writeLevel: null, provenance: src(F, 47) }),
    item({ id: '795', name: 'scheme ID', description: 'ID of the tariff scheme programmed into the meter', bytes: 16, encoding: 'ascii', layout: '16 ASCII characters', readLevel: 1, writeLevel: 3, provenance: src(F, 48) }),
    item({ id: '861', name: 'time and date', description: 'Meter clock, local wall-clock time', bytes: 7, encoding: 'time-bcd', layout: 'BCD ss mm hh DD MM wd YY; DD & 0x3F, MM & 0x1F; written with byte 5 = 00', readLevel: 1, writeLevel: 3, provenance: src(F, 49) }),
    item({ id: '507', name: 'cumulative registers', description: 'Total energy registers since manufacture', bytes: 80, encoding: 'bcd-le', layout: '10 × 8-byte LE BCD: import, export, Q1…Q4, VA (mWh, mvarh, mVAh), customer-defined 1…3', unit: 'mWh', readLevel: 1, writeLevel: null, provenance: src(F, 50) }),
    item({ id: '508', name: 'time-of-use registers', description: 'Energy per TOU rate register, source per 667', bytes: 128, encoding: 'bcd-le', layout: '16 or 32 × 8-byte LE BCD', unit: 'mWh', readLevel: 1, writeLevel: null, provenance: src(F, 82) }),
    item({ id: '509', name: 'cumulative maximum demand', description: 'Sum of the maximum demands of the closed billing periods', bytes: 72, encoding: 'records', layout: '8 × (8-byte LE BCD value, 1 source byte)', unit: 'mW', readLevel: 1, writeLevel: null, provenance: src(F, 52) }),
    item({ id: '510', name: 'maximum demand registers', description: 'Highest demand of the current billing period with its time', bytes: 288, encoding: 'records', layout: '24 × (4-byte LE local time, 1 source byte, 7-byte LE BCD value)', unit: 'mW', readLevel: 1, writeLevel: null, provenance: src(F, 53) }),
    item({ id: '516', name: 'external inputs', description: 'Pulse counts of the external inputs 1…4', bytes: 32, encoding: 'bcd-le', layout: '4 × 8-byte LE BCD', readLevel: 1, writeLevel: null, provenance: src(F, 51) }),
    item({ id: '544', name: 'historical events', description: 'Counters and last three times of phase failures, power failures, reverse running and phase over-current; remaining battery support time', bytes: 66, encoding: 'records', layout: '66-byte set: phase failures @0 (phases @14…16), power failures @17, reverse run @31, over-current @45 (phases @59…61), battery support time @62', readLevel: 1, writeLevel: null, provenance: src(F, 67) }),
    item({ id: '550', name: 'load profile', description: 'Interval data with markers (new day, power up/down, time change…)', bytes: null, encoding: 'stream', layout: 'markers E2 (external data), E4…FF + 4-byte LE local time; entries: status, 3 BCD bytes per channel, value = (v div 10) × 10^(v mod 10) mW', unit: 'mW', readLevel: 1, writeLevel: null, provenance: src(F, 65) }),
    item({ id: '551', name: 'load profile size / selection', description: 'Write: 2-byte LE number of days (FFFF = all); read: 64-byte block count, 256-byte block count (2 bytes BE each)', bytes: 4, encoding: 'uint-be', layout: 'read: 2 × 2 bytes BE; write: 2 bytes LE', readLevel: 1, writeLevel: 1, provenance: src(R, '134-136') }),
    item({ id: '614', name: 'VT ratio', description: 'Voltage transformer primary and secondary', bytes: 7, encoding: 'bcd-le', layout: 'primary 4-byte LE BCD, secondary 3-byte LE BCD, × 0.01', scale: -2, readLevel: 1, writeLevel: 3, provenance: src(R, '123-125') }),
    item({ id: '616', name: 'CT ratio', description: 'Current transformer primary and secondary', bytes: 6, encoding: 'bcd-le', layout: 'primary 4-byte LE BCD, secondary 2-byte LE BCD, × 0.01', scale: -2, readLevel: 1, writeLevel: 3, provenance: src(R, '126-128') }),
    item({ id: '655', name: 'billing reset', description: 'Writing ends the billing period (MD reset)', bytes: 0, encoding: 'uint-be', layout: 'a W1 without data', readLevel: null, writeLevel: 3, provenance: src(F, 92) }),
    item({ id: '667', name: 'TOU register sources', description: 'Quantity each TOU register counts', bytes: 16, encoding: 'records', layout: '1 source byte per TOU register (16 or 32)', readLevel: 1, writeLevel: 3, provenance: src(F, 78) }),
    item({ id: '668', name: 'MD register sources', description: 'Quantity each maximum-demand register measures', bytes: 8, encoding: 'records', layout: '8 source bytes', readLevel: 1, writeLevel: null, provenance: src(F, 73) }),
    item({ id: '680', name: 'programming counter', description: "The meter's own record of reprogrammings: count and last three times", bytes: 14, encoding: 'records', layout: LOG14, readLevel: 1, writeLevel: null, provenance: src(F, 95) }),
    item({ id: '691', name: 'historical system status', description: 'Status flags latched since the last reset', bytes: 4, encoding: 'uint-le', layout: '4 bytes', readLevel: 1, writeLevel: null, provenance: src(F, 69) }),
    item({ id: '693', name: 'phase failure counter', description: 'Phase failures: count, last three times and the phases lost', bytes: 17, encoding: 'records', layout: `${LOG14}, 3 phase bytes`, readLevel: 1, writeLevel: null, provenance: src(F, 97) }),
    item({ id: '694', name: 'reverse run counter', description: 'Reverse running: count and last three times', bytes: 14, encoding: 'records', layout: LOG14, readLevel: 1, writeLevel: null, provenance: src(F, 99) }),
    item({ id: '695', name: 'power down counter', description: 'Power failures: count and last three times', bytes: 14, encoding: 'records', layout: LOG14, readLevel: 1, writeLevel: null, provenance: src(F, 101) }),
    item({ id: '724', name: 'system status', description: 'Current status flags', bytes: 4, encoding: 'uint-le', layout: '4 bytes', readLevel: 1, writeLevel: null, provenance: src(F, 71) }),
    item({ id: '777', name: 'load-profile channel mask', description: 'Channels the load profile records; bit 0x0080 = summer time in E4/E8 markers', bytes: 2, encoding: 'uint-be', layout: 'channels = ((m & 0x7F00) >> 1) | (m & 0x7F)', readLevel: 1, writeLevel: null, provenance: src(F, 59) }),
    item({ id: '878', name: 'integration period', description: 'Demand integration period, sub-interval period, number of sub-intervals', bytes: 3, encoding: 'records', layout: 'byte 0 integration period code, 1 sub-interval period, 2 sub-interval count', unit: 'min', readLevel: 1, writeLevel: null, provenance: src(R, '130-132') }),
    item({ id: '546', name: 'battery status', description: 'Battery support status', bytes: 12, encoding: 'records', layout: '12 bytes', readLevel: 1, writeLevel: null, provenance: src(F, 103) }),
    ...tariffImageItems(),
  ],
};
