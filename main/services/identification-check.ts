/**
 * The identification cross-check before a reading is stored (issue 11.6). The identification line
 * (`/ISk5MT174-0001`) carries no checksum (IEC 62056-21 clause 6.3.14: only the data messages have a BCC), so a
 * byte dropped on the line used to be stored as the meter's model. The serial number comes from the data readout
 * (BCC) or an Elster R1 answer (BCC), so it can be trusted to find the meter:
 * - the identification equals the one stored for this meter (manufacturer + serial) → confirmed, nothing more;
 * - otherwise (a meter seen for the first time, one without a serial number, or a different identification) the
 *   meter is signed on once more on the same link, in the same dialect, and the identification read a second time:
 *   equal → confirmed (a real change, e.g. new firmware, is stored); different → nothing is stored and the
 *   technician is told to read again (line noise or a misaligned probe).
 * Mode A and B meters cannot be signed on for programming mode without sending a whole readout; their
 * identification is stored with a note saying it could not be confirmed.
 * Cost: one extra sign-on, option select and break (about 2 s at 300 baud), only in the cases above.
 */
import { ProtocolError } from '../../protocol/iec62056-21/errors';
import type { Identification } from '../../protocol/iec62056-21/identification';
import type { Transport } from '../../protocol/iec62056-21/transport';
import type { MeterProfileChoice } from '../../protocol/meters';
import type { ElsterSecurityLevel } from '../../protocol/meters/elster/password';
import { openMeterSession } from '../../protocol/meters/open-session';
import type { ReadingNote } from '../../protocol/reading';
import type { AppContext } from '../core/context';

/** The second identification differed from the first: one of them was damaged on the line. */
class IdentificationMismatch extends ProtocolError {
  constructor(first: string, second: string) {
    super(
      'GARBLED',
      `The meter identified itself differently on a second sign-on ("${first}", then "${second}"). The identification line has no checksum, so one of them was damaged on the line: nothing was stored. Check the probe and read the meter again.`,
    );
  }
}

/** What the check needs of the reading just made. */
export interface IdentificationToCheck {
  readonly identification: Identification;
  readonly choice: MeterProfileChoice;
  /** Serial number from the checksummed data (readout or R1 answer), or null. */
  readonly serial: string | null;
  readonly address?: string;
  readonly password?: string;
  readonly passwordLevel?: number;
  readonly signal?: AbortSignal;
}

/** The identification stored for the meter `manufacturer` + `serial`, or null (new meter). */
function storedIdentification(ctx: Pick<AppContext, 'db'>, manufacturer: string, serial: string | null): string | null {
  if (serial === null) return null;
  const row = ctx.db.prepare('SELECT identification FROM meters WHERE manufacturer = ? AND serial = ?').get(manufacturer, serial) as { identification: string } | undefined;
  return row?.identification ?? null;
}

/**
 * Cross-check the identification (see the file comment) while `transport` is still open.
 * @returns a note to store with the reading, or null when confirmed without remark.
 * @throws ProtocolError GARBLED when the second identification differs (nothing may be stored); the second sign-on's
 *   own errors (NO_ANSWER, LINK_LOST, CANCELLED…) — the reading is then not stored either.
 */
export async function crossCheckIdentification(ctx: Pick<AppContext, 'db'>, transport: Transport, c: IdentificationToCheck): Promise<ReadingNote | null> {
  const first = c.identification;
  const known = storedIdentification(ctx, first.manufacturerId, c.serial);
  if (known === first.raw) return null;
  if (first.mode === 'A' || first.mode === 'B') {
    return { level: 'warning', message: `The identification "${first.raw}" could not be read a second time (mode ${first.mode} meter) and is stored unconfirmed: it carries no checksum.` };
  }
  const forced = c.choice.profile === 'generic' ? 'generic' : c.choice.family === 'A1700' ? 'a1700' : 'a1140';
  let second: string | null = null;
  try {
    const again = await openMeterSession(transport, {
      address: c.address,
      meter: forced,
      password: c.password,
      passwordLevel: (c.passwordLevel ?? 2) as ElsterSecurityLevel,
      signal: c.signal,
      onChoice: (_choice, id) => {
        second = id.raw;
        if (id.raw !== first.raw) throw new IdentificationMismatch(first.raw, id.raw);
      },
    });
    await again.close();
  } catch (e) {
    // After a matching identification, a meter that will not enter programming mode (many real ones) changes nothing.
    if (e instanceof IdentificationMismatch || second === null) {
      if (e instanceof IdentificationMismatch || (e instanceof ProtocolError && e.code === 'CANCELLED')) throw e;
      return { level: 'warning', message: `The identification "${first.raw}" could not be read a second time (${e instanceof Error ? e.message.replace(/\.$/, '') : String(e)}) and is stored unconfirmed: it carries no checksum.` };
    }
  }
  if (known === null) return null;
  return { level: 'info', message: `This meter (serial ${c.serial}) identified itself as "${known}" before; the new identification "${first.raw}" was read twice and is stored.` };
}
