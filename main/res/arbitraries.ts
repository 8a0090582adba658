/**
 * fast-check arbitraries of ReadingResult for property tests of the .RES codec (tests only): odd strings
 * (tabs, CR/LF, backslashes, `=`, `[`, brackets, control characters, BOM, line separators, lone surrogates,
 * astral characters), any finite doubles including -0, nulls everywhere they are allowed.
 */
import fc from 'fast-check';
import type { LoadProfile, ReadingResult, Register, RegisterInterpretation } from '../../protocol/reading';

/** fc.record with ordinary objects (fast-check may otherwise build null-prototype objects). */
function rec<T>(model: { [K in keyof T]: fc.Arbitrary<T[K]> }): fc.Arbitrary<T> {
  return fc.record(model, { noNullPrototype: true });
}

const PIECES = [
  '\t', '\n', '\r', '\r\n', '\\', '\\t', '\\E', '\\x41', '=', '[', ']', '[end]', '[meter]', '(', ')', ')(', '*',
  '\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\u00a0', '\u2028', '\u2029', '\ufeff', '\ud800', '\udfff',
  '😀', 'é', 'Ω', '中', ' ', '#', 'PMU-RES 1', 'sha256=', 'lines=3', 'kWh', '',
];

/** Strings that stress the escaping: random unicode or concatenations of awkward pieces. */
export const oddString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.array(fc.constantFrom(...PIECES), { maxLength: 6 }).map((p) => p.join('')),
  fc.string({ maxLength: 8 }),
);

/** Any finite double (including -0, subnormals, 1e308) or a small "meter-like" decimal. */
export const finite: fc.Arbitrary<number> = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer({ min: -1_000_000, max: 100_000_000 }).map((n) => n / 1000),
  fc.constantFrom(0, -0, 1e21, 5e-324, -1.7976931348623157e308),
);

const instant = fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true });
/** UTC instant `YYYY-MM-DDThh:mm:ss.sssZ`. */
export const utc: fc.Arbitrary<string> = instant.map((d) => d.toISOString());
/** Meter local time `YYYY-MM-DDThh:mm:ss` (sometimes without seconds, or with milliseconds). */
export const local: fc.Arbitrary<string> = fc
  .tuple(instant, fc.constantFrom(16, 19, 23))
  .map(([d, len]) => d.toISOString().slice(0, len));

const season = fc.constantFrom(0 as const, 1 as const, 2 as const, null);
/** Every kind of register interpretation, with odd texts (the codec must carry them, not judge them). */
const interpretation: fc.Arbitrary<RegisterInterpretation> = fc.oneof(
  rec({ kind: fc.constant('date' as const), date: oddString, season }),
  rec({ kind: fc.constant('time' as const), time: oddString }),
  rec({ kind: fc.constant('date-time' as const), local: oddString, season }),
  rec({
    kind: fc.constant('status' as const),
    widthBits: fc.integer({ min: 0, max: 64 }),
    set: fc.array(rec({ bit: fc.integer({ min: 0, max: 63 }), name: fc.option(oddString) }), { maxLength: 4 }),
  }),
  rec({ kind: fc.constant('identifier' as const) }),
);

const register: fc.Arbitrary<Register> = rec({
  address: oddString,
  obis: oddString,
  code: oddString,
  billingPeriod: fc.option(fc.integer({ min: 1, max: 99 })),
  value: fc.option(finite),
  text: oddString,
  unit: fc.option(oddString),
  timestampLocal: fc.option(local),
  values: fc.array(oddString.map((raw) => ({ raw })), { maxLength: 3 }),
  interpretation: fc.option(interpretation),
});

const loadProfile: fc.Arbitrary<LoadProfile> = fc.integer({ min: 0, max: 3 }).chain((n) =>
  rec({
    profile: fc.integer({ min: 1, max: 99 }),
    periodMinutes: fc.constantFrom(1, 5, 15, 30, 60, 1440),
    channels: fc.array(rec({ obis: oddString, unit: oddString }), { minLength: n, maxLength: n }),
    intervals: fc.array(
      rec({
        startUtc: utc,
        endUtc: utc,
        startLocal: local,
        dst: fc.boolean(),
        status: oddString,
        values: fc.array(fc.option(finite), { minLength: n, maxLength: n }),
      }),
      { maxLength: 5 },
    ),
  }),
);

/** A random but well-formed ReadingResult. */
export const readingResult: fc.Arbitrary<ReadingResult> = rec({
  version: fc.constant(1 as const),
  meter: rec({
    identification: oddString,
    manufacturer: oddString,
    model: oddString,
    serial: fc.option(oddString),
    address: oddString,
  }),
  session: rec({
    port: oddString,
    operator: oddString,
    startedUtc: utc,
    finishedUtc: utc,
    mode: oddString,
    baud: fc.oneof(fc.constantFrom(300, 2400, 9600, 19200), finite),
    timeZone: oddString,
    software: oddString,
  }),
  registers: fc.array(register, { maxLength: 5 }),
  loadProfile: fc.option(loadProfile),
  notes: fc.array(rec({ level: fc.constantFrom('info' as const, 'warning' as const), message: oddString }), { maxLength: 3 }),
  raw: rec({
    readout: fc.uint8Array({ maxLength: 300 }),
    loadProfile: fc.option(fc.uint8Array({ maxLength: 200 })),
  }),
});
