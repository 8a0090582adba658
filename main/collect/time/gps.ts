/**
 * The workstation clock against a GPS receiver's NMEA 0183 sentences on a serial line (reference "remote links":
 * `$GPRMC`/`$GNRMC` UTC time and date with a validity flag A/V, `$GPZDA` UTC date and time; each sentence ends with
 * `*hh`, the XOR checksum), parsed by nmea-simple. Only valid fixes count (RMC status A; ZDA carries no flag and is
 * taken after a valid RMC). Offset = sentence time − the time its last byte arrived, the median of several sentences:
 * a receiver sends a sentence shortly after the second it names, so NMEA time is good to tens or hundreds of ms —
 * ample for meter clocks, which count whole seconds.
 */
import { parseNmeaSentence } from 'nmea-simple';
import type { Transport } from '../../../protocol/iec62056-21/transport';
import type { ReferenceOffset } from './sntp';

/**
 * Listen on `transport` until `sentences` valid time sentences arrived (or `timeoutMs`).
 * @throws Error (plain): no sentence, only void fixes ("the receiver has no fix"), bad checksums.
 */
export function gpsOffset(transport: Transport, name: string, opts: { sentences?: number; timeoutMs?: number; now?: () => number } = {}): Promise<ReferenceOffset> {
  const want = opts.sentences ?? 3;
  const now = opts.now ?? Date.now;
  return new Promise<ReferenceOffset>((resolve, reject) => {
    const offsets: number[] = [];
    let text = '';
    let seen = 0;
    let voidFixes = 0;
    let badChecksums = 0;
    let validFix = false;
    const finish = (e: Error | null) => {
      clearTimeout(timer);
      off();
      if (e) return reject(e);
      offsets.sort((a, b) => a - b);
      resolve({ offsetMs: offsets[Math.floor(offsets.length / 2)]!, delayMs: 0, source: `GPS on ${name} (NMEA 0183)` });
    };
    const timer = setTimeout(() => {
      if (offsets.length > 0) return finish(null);
      const why = seen === 0 ? 'no NMEA sentence arrived (check the port, its speed — 4800 or 9600 baud — and the receiver\'s power)'
        : voidFixes > 0 ? 'the receiver has no fix yet (RMC status V): give its antenna a view of the sky'
          : badChecksums > 0 ? `${badChecksums} sentence(s) failed their checksum (line noise or a wrong speed)` : 'no RMC or ZDA sentence with the time arrived';
      finish(new Error(`The GPS receiver on ${name} gave no time: ${why}.`));
    }, opts.timeoutMs ?? 5000);
    const off = transport.onData((chunk) => {
      const at = now();
      text += String.fromCharCode(...chunk);
      let i;
      while ((i = text.indexOf('\n')) >= 0) {
        const line = text.slice(0, i).trim();
        text = text.slice(i + 1);
        if (!line.startsWith('$')) continue;
        seen++;
        let p;
        try {
          p = parseNmeaSentence(line);
        } catch {
          badChecksums++;
          continue;
        }
        if (p.sentenceId === 'RMC') {
          validFix = p.status === 'valid';
          if (!validFix) voidFixes++;
          else offsets.push(p.datetime.getTime() - at);
        } else if (p.sentenceId === 'ZDA' && validFix) offsets.push(p.datetime.getTime() - at);
        if (offsets.length >= want) return finish(null);
      }
    });
  });
}
