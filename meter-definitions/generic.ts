import { item } from './item';
import type { MeterDefinition } from './schema';

/**
 * The generic IEC 62056-21 mode C meter: its data sets written with W5 and read back with R5. IEC 62056-21 defines
 * the commands, not what a meter stores where: the tariff-programming addresses reuse OBIS codes where one exists
 * (IEC 62056-61) but what a meter takes at them, and the value text, are this program's choice — assumptions, so a
 * real meter is not programmed until a definition file (from the maker's documentation) confirms them. An id ending
 * in `.n` stands for every entry n of a list (`.0` is its count). Value formats: programming/generic/tariff-writes.ts.
 */

const OBIS_BUT_OURS = (obis: string) => `assumption:OBIS ${obis} (IEC 62056-61) names the quantity; what a mode C meter accepts by W5 there and the value text are this program's choice`;
const OURS = 'assumption:manufacturer-specific address (C = 128) and value text chosen by this program';
const CALENDAR = (obis: string) => `assumption:DLMS activity calendar / special days objects (IEC 62056-62, ${obis}); the W5 value text is this program's choice`;

const w = (id: string, name: string, layout: string, provenance: string, description = name) =>
  item({ id, name, description, bytes: 128, encoding: 'text', layout, readLevel: 1, writeLevel: 1, provenance });

/** The built-in generic definition. */
export const GENERIC_DEFINITION: MeterDefinition = {
  model: 'generic',
  name: 'Generic IEC 62056-21 meter',
  dialect: 'iec62056-21',
  sources: [],
  elster: null,
  items: [
    item({ id: '0.9.1', name: 'time', description: 'Meter clock time, local wall-clock', bytes: 6, encoding: 'text', layout: 'hhmmss', readLevel: 0, writeLevel: 1, provenance: 'manual:IEC 62056-61 OBIS 0.9.1 local time, hhmmss (reference iec62056-21.md "Registers")' }),
    item({ id: '0.9.2', name: 'date', description: 'Meter clock date, local', bytes: 6, encoding: 'text', layout: 'YYMMDD (a leading season digit on some meters)', readLevel: 0, writeLevel: 1, provenance: 'manual:IEC 62056-61 OBIS 0.9.2 local date, YYMMDD (reference iec62056-21.md "Registers")' }),
    w('0-0:128.0.1', "programmer's user ID", '1…8 of A–Z a–z 0–9 . _ -', OURS),
    w('0-0:13.3.n', 'day profile n', 'hhmm:r,hhmm:r,… (count at .0)', CALENDAR('0-0:13.0.0 class 20 day_profile_table')),
    w('0-0:13.2.n', 'week profile n', 'd,d,d,d,d,d,d day-profile numbers, Monday first (count at .0)', CALENDAR('0-0:13.0.0 class 20 week_profile_table')),
    w('0-0:13.1.n', 'season n', 'MMDD:w (count at .0)', CALENDAR('0-0:13.0.0 class 20 season_profile')),
    w('0-0:11.0.n', 'special day n', 'YYYYMMDD:d, YYYY 0000 = every year (count at .0)', CALENDAR('0-0:11.0.0 class 11')),
    w('0-0:128.0.2', 'DST rule', 'e;W.D.MM.HH;W.D.MM.HH;dev;r', OURS),
    w('1-0:0.8.0', 'maximum demand integration period', 'minutes', OBIS_BUT_OURS('1-0:0.8.0 demand integration period')),
    w('0-0:128.1.0', 'maximum demand configuration', 'method;sub;perRate;lockout;q,q;DD-MM,…', OURS),
    w('1-0:0.8.4', 'load-profile capture period', 'minutes', OBIS_BUT_OURS('1-0:0.8.4 load profile recording interval')),
    w('0-0:128.1.1', 'load-profile configuration', 'q,q;depth', OURS),
    w('0-0:128.2.n', 'pulse output n', 'q;constant;widthMs (outputs in use at .0)', OURS),
    w('1-0:0.4.2', 'CT ratio primary', 'number', OBIS_BUT_OURS('1-0:0.4.2 transformer ratio current numerator')),
    w('1-0:0.4.5', 'CT ratio secondary', 'number', OBIS_BUT_OURS('1-0:0.4.5 transformer ratio current denominator')),
    w('1-0:0.4.3', 'VT ratio primary', 'number', OBIS_BUT_OURS('1-0:0.4.3 transformer ratio voltage numerator')),
    w('1-0:0.4.6', 'VT ratio secondary', 'number', OBIS_BUT_OURS('1-0:0.4.6 transformer ratio voltage denominator')),
    w('0-0:13.0.0', 'scheme ID', 'the calendar name, up to 8 characters', CALENDAR('0-0:13.0.0 class 20 calendar_name')),
  ],
};
