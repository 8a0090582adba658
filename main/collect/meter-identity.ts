/**
 * Which meter password a collection may send, and when (issue 11.2 × issue 14; docs/security.md "Collection runs").
 * THE THREAT: whoever answers at a meter's TCP address, bus address or modem number sees what the collector sends — a
 * level-1 password in clear, or a P2 answer from which the Elster password transform inverts with the seed the
 * device chose (main/services/delegation.test.ts shows the inversion). So, as a delegated upload does
 * (main/services/delegation.ts), the device must first prove it is the meter asked for:
 * - generic IEC 62056-21 meter: its serial number comes in the data readout, for which no password is sent
 *   (protocol/meters/read-any.ts `readoutSerial`); the password (P1) goes out only after it matched, for the
 *   load profile and the clock (programming mode) on the same connection;
 * - Elster A1140 / A1700: the session opens at security level 1 with the meter's OWN stored level-1 password (never
 *   a group's or the default one), reads the serial number (ID 798, readable at level 1: meter-definitions/a1140.ts:42,
 *   a1700.ts:42 `readLevel: 1`; the level fact is the reference's, elster-dialect.md "Session" step 5 — the driver
 *   does not show levels), compares it, and only then sends the password of the meter's level (which may be a
 *   group's or the default one) — or, for a clock set, the level-3 one; no automatic re-sign-on after that.
 * A device that answers as another serial gets nothing more: the task fails plainly ("answered as serial X,
 * expected Y"), nothing is stored, and an audit record `collection.wrongMeter` names the link, what it answered
 * and what was expected. What remains: a device that copies the meter's identification AND serial number gets the
 * meter's passwords (as for a delegated upload); an Elster meter's own level-1 password goes out before the check.
 */
import { ProtocolError } from '../../protocol/iec62056-21/errors';
import type { MeterIdentityCheck } from '../../protocol/meters/read-any';
import type { CredentialScope } from '../../contract/auth';

/** A stored meter password for a job and where it came from (main/secrets/credentials.ts resolveMeterPassword). */
export interface CollectPassword {
  readonly password: string;
  readonly source: CredentialScope;
}

/** What a device that is not the meter asked for answered, for the audit record. */
export interface WrongMeter {
  /** Serial number in the meter list. */
  readonly expected: string;
  /** Serial number the device gave, or null when it gave none. */
  readonly seen: string | null;
  /** The link, e.g. `tcp://10.0.0.7:4001`, `bus:/dev/ttyUSB0#12`. */
  readonly link: string;
  /** The identification the device sent (`/GEC5…`), when seen. */
  readonly identification: string | null;
  /** Which password, if any, had been sent before the check: `none` or `own level 1`. */
  readonly sent: 'none' | 'own level 1';
}

/** How the identity of one meter is checked during its collection (see the file comment). */
export interface IdentityRules {
  /** Serial number in the meter list. */
  readonly serial: string;
  readonly link: string;
  /** The stored password of `level` for the meter (its own, its group's or the default), when any. */
  readonly password: (level: 1 | 2 | 3) => CollectPassword | undefined;
  /** Record a device that answered as another meter (audit); may throw (a broken audit chain). */
  readonly onWrongMeter?: (w: WrongMeter) => void;
  /** The identification seen on the link so far (for the record). */
  readonly identification: () => string | null;
}

const same = (a: string, b: string) => a.trim().toUpperCase() === b.trim().toUpperCase();

/**
 * The identity check of one meter's reading or clock session (protocol/meters/read-any.ts MeterIdentityCheck).
 * `elster`: the dialect is already known to be Elster (a clock session after the reading). `unknownOk`: a generic meter that gives no serial number passes (when no password is at stake, or in the clock
 * session after its data readout matched on the same connection); an Elster meter must always give it. @throws (from `check`) ProtocolError REFUSED with the plain reason.
 */
export function identityCheck(r: IdentityRules, o: { readonly unknownOk?: boolean; readonly elster?: boolean } = {}): MeterIdentityCheck & { readonly elster: boolean } {
  const state = { elster: o.elster ?? false };
  return {
    get elster() {
      return state.elster;
    },
    openPassword(choice) {
      state.elster = choice.profile === 'elster';
      const own = r.password(1);
      if (own?.source === 'meter') return own.password;
      throw new ProtocolError(
        'REFUSED',
        `No level-1 password of meter ${r.serial} itself is stored. The collector reads an Elster meter's serial number at security level 1 before it sends any other password, and never sends a group's or the default password to a meter it has not checked: store meter ${r.serial}'s own level-1 password. Nothing was sent.`,
      );
    },
    check(serial) {
      if (serial !== null ? same(serial, r.serial) : o.unknownOk === true && !state.elster) return;
      const sent = state.elster ? `no password beyond meter ${r.serial}'s own level-1 password was sent` : 'no password was sent';
      const err = new ProtocolError(
        'REFUSED',
        serial === null
          ? `The meter at ${r.link} did not give its serial number, so it cannot be checked against ${r.serial}: ${sent} and nothing was stored.`
          : `The meter at ${r.link} answered as serial ${serial.trim()}, expected ${r.serial}: ${sent} and nothing was stored. Check the device address and the meter list.`,
      );
      try {
        r.onWrongMeter?.({ expected: r.serial, seen: serial?.trim() ?? null, link: r.link, identification: r.identification(), sent: state.elster ? 'own level 1' : 'none' });
      } catch (e) {
        err.message += ` (The audit record of this could not be written: ${e instanceof Error ? e.message : String(e)})`;
      }
      throw err;
    },
  };
}
