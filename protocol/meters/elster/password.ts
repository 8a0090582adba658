import { ELSTER_PASSWORD_LENGTH, ELSTER_SEED_HEX_LENGTH } from './profile';

/**
 * Elster password handling: the P0 seed → P2 response transform and the command sequence of each security
 * level. Source: reference "Session" steps 3–5 (../shared/reference/elster-dialect.md; the transform is a
 * public fact read from a driver, this is our own implementation of the described steps).
 */

/** Security level: 1 = clear password (P1), may only adjust the clock; 2 = P2 (default); 3 = P2 twice, may set the clock and program. */
export type ElsterSecurityLevel = 1 | 2 | 3;

/** The P2 operand sent first at security level 3. */
export const LEVEL3_FIRST_P2 = '0000000000000000';

/**
 * Check a password: exactly 8 printable ASCII characters (the PMU enters them upper-case; this function does
 * not change case, so what is typed is what is sent).
 * @throws RangeError with a plain message when it is not.
 */
export function checkElsterPassword(password: string): void {
  if (password.length !== ELSTER_PASSWORD_LENGTH) {
    throw new RangeError(`An Elster meter password has exactly ${ELSTER_PASSWORD_LENGTH} characters; this one has ${password.length}.`);
  }
  if (!/^[\x20-\x7e]*$/.test(password)) {
    throw new RangeError('An Elster meter password may only contain printable ASCII characters (letters, digits, symbols).');
  }
}

/** Check a P0 seed: 16 hex characters (either case). @throws RangeError when it is not. */
export function checkElsterSeed(seedHex: string): void {
  if (seedHex.length !== ELSTER_SEED_HEX_LENGTH || !/^[0-9A-Fa-f]*$/.test(seedHex)) {
    throw new RangeError(`The meter's password seed (P0) must be ${ELSTER_SEED_HEX_LENGTH} hex characters; received ${JSON.stringify(seedHex.slice(0, 40))}.`);
  }
}

/**
 * The P2 response to a P0 seed (security level 2, and the second step of level 3).
 * Steps (reference): s = the 8 seed bytes; t[i] = s[i] XOR ascii(password[i]) for i 0…7; then for i 0…7 in
 * order v = (t[i] + t[i+7]) mod 256, t[i+8] = v, emit v as two upper-case hex digits. t[i+7] for i ≥ 1 is the
 * value emitted one step earlier (a running chain).
 * Example (reference): password `00000000`, seed `0000000000000000` → `6090C0F0205080B0`.
 * @param password8 the 8-character password, exactly as the meter stores it.
 * @param seedHex16 the seed from `SOH P0 STX (seed) ETX`, 16 hex characters.
 * @returns 16 upper-case hex characters, the operand of `P2(…)`.
 * @throws RangeError for a password that is not 8 printable characters, or a seed that is not 16 hex characters.
 */
export function elsterP2Response(password8: string, seedHex16: string): string {
  checkElsterPassword(password8);
  checkElsterSeed(seedHex16);
  const t = new Uint8Array(16);
  for (let i = 0; i < 8; i++) t[i] = parseInt(seedHex16.slice(2 * i, 2 * i + 2), 16) ^ password8.charCodeAt(i);
  let out = '';
  for (let i = 0; i < 8; i++) {
    const v = (t[i]! + t[i + 7]!) & 0xff;
    t[i + 8] = v;
    out += v.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/** One password command to send: `P1(operand)` or `P2(operand)`; the meter answers ACK to each. */
export interface PasswordStep {
  readonly command: 'P1' | 'P2';
  /** The operand without brackets. */
  readonly operand: string;
}

/**
 * The password command(s) of a security level, in sending order (reference "Session" step 4):
 * - level 1: `P1(password)` in clear;
 * - level 2: `P2(elsterP2Response(password, seed))`;
 * - level 3: first `P2(0000000000000000)`, then the real P2. ASSUMPTION: the real P2 is computed from the same
 *   seed the meter offered in P0 (the reference does not mention a second P0).
 * @throws RangeError for a bad password, a bad seed (levels 2/3) or a level other than 1/2/3.
 */
export function elsterPasswordSteps(level: ElsterSecurityLevel, password: string, seedHex: string): PasswordStep[] {
  if (level === 1) {
    checkElsterPassword(password);
    return [{ command: 'P1', operand: password }];
  }
  if (level === 2) return [{ command: 'P2', operand: elsterP2Response(password, seedHex) }];
  if (level === 3) return [{ command: 'P2', operand: LEVEL3_FIRST_P2 }, { command: 'P2', operand: elsterP2Response(password, seedHex) }];
  throw new RangeError(`security level ${String(level)} is not 1, 2 or 3`);
}
