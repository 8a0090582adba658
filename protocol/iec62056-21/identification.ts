import { FrameError } from './errors';

/**
 * Protocol mode of a meter, decided from the baud-rate character of its identification message.
 * Source: IEC 62056-21:2002 clause 6.3.2 (table of Z) and clause 6.4 (modes A–E).
 */
export type ProtocolMode = 'A' | 'B' | 'C' | 'E';

/** Decoded identification message `/XXXZ[\W]ident CR LF` (clause 6.3.2). */
export interface Identification {
  /** The line as received, without CR LF, e.g. `/ISk5MT174-0001`. */
  readonly raw: string;
  /** Manufacturer flag, 3 letters as sent (e.g. `ISk`); upper-cased in `manufacturerId`. */
  readonly manufacturer: string;
  /** Manufacturer flag in upper case (e.g. `ISK`), the FLAG id. */
  readonly manufacturerId: string;
  /** True when the third flag letter is lower case: the meter supports the 20 ms short reaction time. */
  readonly shortReactionTime: boolean;
  /** The baud-rate character Z as sent. */
  readonly baudChar: string;
  /** Mode implied by Z: `B` (`A`–`F`), `C` (`0`–`6`), `E` when `\W` follows such a digit, `A` for any other char. */
  readonly mode: ProtocolMode;
  /** Highest baud rate the meter offers, in bit/s (300 for mode A). */
  readonly maxBaud: number;
  /** Enhanced-identification character W after `\` (mode E), e.g. `2` = binary HDLC (DLMS) available. */
  readonly enhancedId: string | null;
  /** The identification text after Z (and `\W`), e.g. `MT174-0001`; the meter type/firmware string, trailing spaces removed (`raw` keeps them). */
  readonly ident: string;
}

/** Baud rates of the mode C/E baud characters `0`…`9` (clause 6.3.14 table 2); `7`–`9` are reserved. */
export const MODE_C_BAUD: Readonly<Record<string, number>> = {
  '0': 300, '1': 600, '2': 1200, '3': 2400, '4': 4800, '5': 9600, '6': 19200,
};
/** Baud rates of the mode B baud characters `A`…`F` (clause 6.3.14 table 2). */
export const MODE_B_BAUD: Readonly<Record<string, number>> = {
  A: 600, B: 1200, C: 2400, D: 4800, E: 9600, F: 19200,
};

/** The mode C/E baud character for a baud rate, e.g. 9600 → `5`. Throws RangeError for a rate not in the table. */
export function modeCBaudChar(baud: number): string {
  for (const [ch, b] of Object.entries(MODE_C_BAUD)) if (b === baud) return ch;
  throw new RangeError(`${baud} baud is not an IEC 62056-21 mode C rate (300…19200)`);
}

/**
 * Parse an identification line (with or without the trailing CR LF).
 * @throws FrameError when the line is not `/` + 3 letters + baud character + identification text.
 */
export function parseIdentification(line: string): Identification {
  const raw = line.replace(/\r?\n$/, '').replace(/\r$/, '');
  // The standard allows 16 characters after Z; real meters send up to about 30, some with trailing spaces.
  const m = /^\/([A-Za-z]{2}[A-Za-z])(.)(?:\\(.))?([\x20-\x7e]{0,64})$/.exec(raw);
  if (!m) throw new FrameError('identification', `received ${JSON.stringify(raw)}`);
  const manufacturer = m[1]!;
  const baudChar = m[2]!;
  const enhancedId = m[3] ?? null;
  const ident = (m[4] ?? '').replace(/ +$/, '');
  let mode: ProtocolMode;
  let maxBaud: number;
  if (MODE_C_BAUD[baudChar] !== undefined) {
    mode = enhancedId !== null ? 'E' : 'C';
    maxBaud = MODE_C_BAUD[baudChar]!;
  } else if (MODE_B_BAUD[baudChar] !== undefined) {
    mode = 'B';
    maxBaud = MODE_B_BAUD[baudChar]!;
  } else {
    mode = 'A';
    maxBaud = 300;
  }
  const third = manufacturer[2]!;
  return {
    raw,
    manufacturer,
    manufacturerId: manufacturer.toUpperCase(),
    shortReactionTime: third >= 'a' && third <= 'z',
    baudChar,
    mode,
    maxBaud,
    enhancedId,
    ident,
  };
}

/** Encode an identification line `/XXXZ[\W]ident CR LF` (used by the meter emulator). */
export function encodeIdentification(id: {
  manufacturer: string;
  baudChar: string;
  enhancedId?: string | null;
  ident: string;
}): string {
  return `/${id.manufacturer}${id.baudChar}${id.enhancedId ? `\\${id.enhancedId}` : ''}${id.ident}\r\n`;
}
