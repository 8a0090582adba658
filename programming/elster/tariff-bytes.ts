import { QUANTITIES, type Quantity } from '../../schemes/model';
import { ElsterDataError } from '../../protocol/meters/elster/errors';

/**
 * Small byte helpers shared by the tariff-scheme layouts (tariff-codec.ts, tariff-codec-config.ts): a cursor that
 * reads bytes with plain-language ElsterDataErrors (meter answer ERR1: the value is not a valid image), and the
 * quantity codes of the layouts. Every layout is an ASSUMPTION listed in ELSTER_ASSUMPTIONS (profile.ts).
 */

/**
 * Quantity codes of the tariff layouts (ASSUMPTION): 0 = none/unused, 1…10 = {@link QUANTITIES} in order
 * (active import, active export, Q1…Q4, reactive import, reactive export, apparent import, apparent export).
 */
export function quantityCode(q: Quantity): number {
  return QUANTITIES.indexOf(q) + 1;
}

/** The quantity of a code 1…10, or null for any other byte. */
export function quantityOfCode(code: number): Quantity | null {
  return QUANTITIES[code - 1] ?? null;
}

/** A bad image: ElsterDataError whose meter answer is ERR1 (the meter refuses the value). */
export function badImage(what: string, problem: string): ElsterDataError {
  return new ElsterDataError(what, problem, 'ERR1');
}

/** Reads an image front to back; every read past the end throws ElsterDataError ("too short"). */
export class ByteCursor {
  private pos = 0;
  constructor(
    private readonly bytes: Uint8Array,
    readonly what: string,
  ) {}

  /** Bytes read so far. */
  get offset(): number {
    return this.pos;
  }

  /** The next byte. @throws ElsterDataError when the image ends. */
  u8(): number {
    if (this.pos >= this.bytes.length) throw badImage(this.what, `${this.bytes.length} bytes is too short: byte ${this.pos + 1} is missing`);
    return this.bytes[this.pos++]!;
  }

  /** Unsigned little-endian integer of `n` bytes. @throws ElsterDataError when the image ends. */
  uintLE(n: number): number {
    let v = 0;
    for (let i = 0; i < n; i++) v += this.u8() * 256 ** i;
    return v;
  }

  /** A byte that must lie in [min, max]. @throws ElsterDataError naming `field`. */
  within(field: string, min: number, max: number): number {
    const b = this.u8();
    if (b < min || b > max) throw badImage(this.what, `${field} is ${b}, not ${min}…${max}`);
    return b;
  }

  /** @throws ElsterDataError when bytes are left over after the layout. */
  end(): void {
    if (this.pos !== this.bytes.length) throw badImage(this.what, `${this.bytes.length - this.pos} bytes left over after the layout (${this.bytes.length} received, ${this.pos} expected)`);
  }
}

/** Collects bytes for an encoder; `count` checks a count fits its byte. */
export class ByteWriter {
  private readonly out: number[] = [];

  /** Append bytes 0…255. */
  push(...bytes: number[]): this {
    this.out.push(...bytes);
    return this;
  }

  /** Append an unsigned little-endian integer of `n` bytes. @throws RangeError when it does not fit. */
  uintLE(value: number, n: number): this {
    if (!Number.isInteger(value) || value < 0 || value >= 256 ** n) throw new RangeError(`${value} does not fit in ${n} byte(s)`);
    for (let i = 0; i < n; i++) this.out.push(Math.floor(value / 256 ** i) % 256);
    return this;
  }

  /** The bytes. */
  bytes(): Uint8Array {
    return Uint8Array.from(this.out);
  }
}

/** @throws RangeError (plain) when a list has more entries than a count byte holds. */
export function countByte(n: number, what: string): number {
  if (n > 255) throw new RangeError(`${what}: ${n} entries; the meter's layout holds at most 255`);
  return n;
}

/** Days in `month` (1…12), February 29 (a month/day without a year may be a leap day). */
export function daysInMonth(month: number): number {
  return [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

/** True when year/month/day is a real calendar date. */
export function realDate(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}
