import { item, tariffImageItems, TARIFF_IMAGE_NOTE } from './item';
import { a1140Src as src, fact } from './provenance';
import type { MeterDefinition } from './schema';

/**
 * The Elster A1140 (and A1120) as the public EnergyICT driver shows it (docs/elster-sources.md: every line cited
 * here is listed there with what it says). F = ABBA1140DataIdentityFactory.java (sizes), R = ABBA1140RegisterFactory.java
 * (offsets, units), D = ABBA1140RegisterData.java (value types). Levels: reading needs a password (level 1+);
 * programming and clock SET need level 3 (reference "Session" step 5; the driver does not show levels).
 */

const F = 'ABBA1140DataIdentityFactory.java';
const R = 'ABBA1140RegisterFactory.java';
const D = 'ABBA1140RegisterData.java';

/** The built-in A1140 definition. */
export const A1140_DEFINITION: MeterDefinition = {
  model: 'A1140',
  name: 'Elster A1140',
  dialect: 'elster',
  sources: [],
  elster: {
    touRegisters: fact([8], src(F, 134)),
    touRegisters32DeviceNumbers: fact([], src(F, 134)),
    cumulativeRegisters: fact(
      ['active-import', 'active-export', 'reactive-q1', 'reactive-q2', 'reactive-q3', 'reactive-q4', 'apparent-import', 'apparent-export', '', '', '', '', '', '', 'customer-1', 'customer-2'],
      src(R, '405-415'),
    ),
    maxDemandRegisters: fact(12, src(R, '433-444')),
    cumulativeMaxDemandRegisters: fact(4, src(R, '427-430')),
    lpValueEncoding: fact('binary24', src('ABBA1140ProfileEntry.java', '91-92')),
    lpChannelMask: fact('a1140', src('LoadProfileConfigRegister.java', '44-50')),
    lpMaxChannels: fact(4, 'assumption:reference "Corrections" says A1140 records hold at most 4 channels; not found in the stored driver files'),
    lpSelection: fact('range-554', src('ABBA1140Profile.java', '100-105')),
    lpExtendedStatus: fact(false, src('ABBA1140ProfileEntry.java', '83-88')),
    ctRatioLayout: fact('binary-be-4-4', src(R, '483-484')),
    vtRatioId: fact(null, 'assumption:no public source names a VT ratio item on the A1140'),
    programmingLog: fact('a1140-53', src('eventlogs/SecurityEventLog.java', '14-30')),
    historicalEvents: fact('a1140-groups', src('HistoricalEventRegister.java', '49-176')),
  },
  items: [
    item({ id: '798', name: 'serial number', description: 'Meter serial number as set at manufacture', bytes: 16, encoding: 'ascii', layout: '16 ASCII characters', readLevel: 1, writeLevel: null, provenance: src(F, 106) }),
    item({ id: '795', name: 'scheme ID', description: 'ID of the tariff scheme programmed into the meter', bytes: 8, encoding: 'ascii', layout: '8 ASCII characters', readLevel: 1, writeLevel: 3, provenance: src(F, 107) }),
    item({ id: '861', name: 'time and date', description: 'Meter clock, local wall-clock time', bytes: 7, encoding: 'time-bcd', layout: 'BCD ss mm hh DD MM wd YY; DD & 0x3F, MM & 0x1F; written with byte 5 = 00', readLevel: 1, writeLevel: 3, provenance: src(D, '377-386') }),
    item({ id: '506', name: 'net consumption', description: 'Active energy import minus export', bytes: 8, encoding: 'bcd-le', layout: '8-byte LE BCD, mWh', unit: 'mWh', readLevel: 1, writeLevel: null, provenance: src(F, 109) }),
    item({ id: '507', name: 'cumulative registers', description: 'Total energy registers since manufacture', bytes: 128, encoding: 'bcd-le', layout: '16 × 8-byte LE BCD: import, export, Q1…Q4, VA import, VA export (mWh, mvarh, mVAh); 112/120 customer-defined', unit: 'mWh', readLevel: 1, writeLevel: null, provenance: src(F, 110) }),
    item({ id: '508', name: 'time-of-use registers', description: 'Energy per TOU rate register, source per 667', bytes: 64, encoding: 'bcd-le', layout: '8 × 8-byte LE BCD, unit of each register\'s source (667)', unit: 'mWh', readLevel: 1, writeLevel: null, provenance: src(F, 134) }),
    item({ id: '509', name: 'cumulative maximum demand', description: 'Sum of the maximum demands of the closed billing periods', bytes: 36, encoding: 'records', layout: '4 × (8-byte LE BCD value, 1 source byte); flow unit of the source (mW, mvar, mVA)', unit: 'mW', readLevel: 1, writeLevel: null, provenance: src(F, 111) }),
    item({ id: '510', name: 'maximum demand registers', description: 'Highest demand of the current billing period with its time', bytes: 144, encoding: 'records', layout: '12 × (4-byte LE local time, 1 source byte (FF = empty), 7-byte LE BCD value)', unit: 'mW', readLevel: 1, writeLevel: null, provenance: src(F, 112) }),
    item({ id: '543', name: 'billing sets', description: 'Registers at each of the last 24 billing resets', bytes: 457, encoding: 'records', layout: '24 sets of 457 bytes', readLevel: 1, writeLevel: null, provenance: src(F, 136) }),
    item({ id: '544', name: 'historical events', description: 'Counters and last three times of reverse running, phase failures, power failures, programmings, CT ratio changes, billing resets, transient resets, meter errors, terminal and main cover openings, battery events', bytes: 280, encoding: 'records', layout: 'groups of a 2-byte LE count + 3 × 4-byte LE local times at offsets 0, 14, 31, 45, 98, 151, 168, 182, 196, 210, 224, 238 (extra bytes: phases 28…30, programming sources 59…61 and user names 62/74/86, billing sources 165…167)', readLevel: 1, writeLevel: null, provenance: src(F, 124) }),
    item({ id: '545', name: 'daily historical sets', description: 'Registers at each of the last 14 days', bytes: 457, encoding: 'records', layout: '14 sets of 457 bytes', readLevel: 1, writeLevel: null, provenance: src(F, 138) }),
    item({ id: '550', name: 'load profile', description: 'Interval data with markers (new day, power up/down, time change…)', bytes: null, encoding: 'stream', layout: 'markers E4…FF + 4-byte LE local time; entries: status, 3 bytes per channel (24-bit BE binary), value = (v div 10) × 10^(v mod 10) mW', unit: 'mW', readLevel: 1, writeLevel: null, provenance: src(F, 122) }),
    item({ id: '551', name: 'load profile size / selection', description: 'Write: 2-byte LE number of days (FFFF = all); read: 64-byte block count, 256-byte block count (2 bytes BE each)', bytes: 4, encoding: 'uint-be', layout: 'read: 2 × 2 bytes BE; write: 2 bytes LE', readLevel: 1, writeLevel: 1, provenance: src(R, '466-471') }),
    item({ id: '554', name: 'load profile read by date', description: 'Selects the load profile between two times', bytes: 8, encoding: 'uint-le', layout: 'from, to: 4-byte LE seconds each', readLevel: null, writeLevel: 1, provenance: src(D, '147-167') }),
    item({ id: '600', name: 'customer-defined register configuration', description: 'Sources of the customer-defined registers', bytes: 4, encoding: 'records', layout: '4 bytes', readLevel: 1, writeLevel: null, provenance: src(F, 130) }),
    item({ id: '616', name: 'CT ratio', description: 'Current transformer primary and secondary', bytes: 8, encoding: 'uint-be', layout: 'primary 4-byte BE, secondary 4-byte BE, × 0.01', scale: -2, readLevel: 1, writeLevel: 3, provenance: src(R, '483-484') }),
    item({ id: '617', name: 'VT ratio', description: 'Voltage transformer primary and secondary (programming)', bytes: 8, encoding: 'image', layout: 'primary, secondary × 1000, 4-byte LE each', readLevel: 1, writeLevel: 3, provenance: TARIFF_IMAGE_NOTE }),
    item({ id: '655', name: 'billing reset', description: 'Writing ends the billing period (MD reset)', bytes: 1, encoding: 'uint-be', layout: '1 byte', readLevel: null, writeLevel: 3, provenance: src(R, 489) }),
    item({ id: '667', name: 'TOU register sources', description: 'Quantity each TOU register counts', bytes: 8, encoding: 'records', layout: '1 source byte per TOU register: 0 active import, 1 export, 2…5 Q1…Q4, 6 VA import, 7 VA export, 14/15 customer-defined', readLevel: 1, writeLevel: 3, provenance: src('TariffSources.java', '12-23') }),
    item({ id: '668', name: 'MD register sources', description: 'Quantity each maximum-demand register measures', bytes: 8, encoding: 'records', layout: '8 source bytes', readLevel: 1, writeLevel: null, provenance: src(F, 128) }),
    item({ id: '680', name: 'programming log', description: "The meter's own record of reprogrammings: count, last three times, how (optical or remote port) and which user", bytes: 53, encoding: 'records', layout: '2-byte LE count, 3 × 4-byte LE local times (newest first), 3 source bytes (0 optical, 1 remote), 3 × 12-byte user names', readLevel: 1, writeLevel: null, provenance: src(F, 156) }),
    item({ id: '691', name: 'terminal cover event log', description: 'Terminal cover openings: count and last three times', bytes: 14, encoding: 'records', layout: '2-byte LE count, 3 × 4-byte LE local times', readLevel: 1, writeLevel: null, provenance: src(F, 157) }),
    item({ id: '692', name: 'main cover event log', description: 'Main cover openings: count and last three times', bytes: 14, encoding: 'records', layout: '2-byte LE count, 3 × 4-byte LE local times', readLevel: 1, writeLevel: null, provenance: src(F, 158) }),
    item({ id: '693', name: 'phase failure event log', description: 'Phase failures: count, last three times and the phases lost', bytes: 17, encoding: 'records', layout: 'count, 3 times, 3 phase bytes (1 A, 2 B, 4 C, sums)', readLevel: 1, writeLevel: null, provenance: src(F, 159) }),
    item({ id: '694', name: 'reverse run event log', description: 'Reverse running: count and last three times', bytes: 14, encoding: 'records', layout: '2-byte LE count, 3 × 4-byte LE local times', readLevel: 1, writeLevel: null, provenance: src(F, 160) }),
    item({ id: '695', name: 'power failure event log', description: 'Power failures: count and last three times', bytes: 14, encoding: 'records', layout: '2-byte LE count, 3 × 4-byte LE local times', readLevel: 1, writeLevel: null, provenance: src(F, 161) }),
    item({ id: '696', name: 'transient event log', description: 'Transient resets: count and last three times', bytes: 14, encoding: 'records', layout: '2-byte LE count, 3 × 4-byte LE local times', readLevel: 1, writeLevel: null, provenance: src(F, 162) }),
    item({ id: '697', name: 'internal battery event log', description: 'Internal battery events: count and last three times', bytes: 14, encoding: 'records', layout: '2-byte LE count, 3 × 4-byte LE local times', readLevel: 1, writeLevel: null, provenance: src(F, 163) }),
    item({ id: '699', name: 'end of billing event log', description: 'Billing period ends: count, last three times and what caused each', bytes: 17, encoding: 'records', layout: 'count, 3 times, 3 cause bytes (0x01 billing date … 0x80 power up)', readLevel: 1, writeLevel: null, provenance: src(F, 164) }),
    item({ id: '701', name: 'meter error event log', description: 'Meter errors: count and last three times', bytes: 14, encoding: 'records', layout: '2-byte LE count, 3 × 4-byte LE local times', readLevel: 1, writeLevel: null, provenance: src(F, 165) }),
    item({ id: '724', name: 'system status and error', description: 'Current status flags and error flags', bytes: 8, encoding: 'uint-le', layout: '4-byte status + 4-byte error', readLevel: 1, writeLevel: null, provenance: src(R, '475-476') }),
    item({ id: '777', name: 'load-profile channel mask', description: 'Channels the load profile records', bytes: 2, encoding: 'uint-be', layout: 'byte 0 customer-defined (0x40, 0x80), byte 1 standard channels (0x01 import … 0x80 VA export)', readLevel: 1, writeLevel: null, provenance: src(F, 116) }),
    item({ id: '778', name: 'load-profile DST setting', description: 'Bit 0 = 1: the profile follows summer time; 0: standard time all year', bytes: 1, encoding: 'uint-be', layout: '1 byte, bit 0', readLevel: 1, writeLevel: null, provenance: src('ABBA1140Profile.java', '71-75') }),
    item({ id: '878', name: 'integration period', description: 'Demand integration period = load-profile interval', bytes: 3, encoding: 'records', layout: 'byte 0: interval code 0…A (1…60 min)', unit: 'min', readLevel: 1, writeLevel: null, provenance: src(F, 118) }),
    item({ id: '998', name: 'firmware version', description: 'Firmware version text and circuit board serial', bytes: 12, encoding: 'ascii', layout: '12 ASCII characters', readLevel: 1, writeLevel: null, provenance: src(F, 169) }),
    ...tariffImageItems(),
  ],
};
