import { describe, expect, it } from 'vitest';
import { TransferInterruptedError } from './errors';
import { encodeCommand, encodeDataMessage, encodeReadout } from './frames';
import { readMeter } from './read-meter';
import { scriptedLink } from './testing/scripted-transport';

/** Progress-aware errors of the generic reading (readout and load profile). */
const FAST = { reactionTimeoutMs: 80, interCharTimeoutMs: 80, minReactionMs: 0, shortMinReactionMs: 0, maxRepeats: 3 };
const READOUT = encodeReadout('1.8.0(0001234.567*kWh)\r\n0.9.1(120000)');

describe('readMeter: interrupted transfers name their progress', () => {
  it('a stalled data readout: "after 10 of about 500 bytes"', async () => {
    const link = scriptedLink((s) => (s.startsWith('/?') ? '/ABC5TEST\r\n' : s.startsWith('\x06') ? READOUT.slice(0, 10) : null));
    const e = await readMeter(link.transport, { timings: FAST, timeZone: 'UTC', loadProfile: null, expectedReadoutBytes: 500 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TransferInterruptedError);
    // Readout mode has no NAK repeat: the meter is signed on again and asked once more before giving up.
    expect((e as Error).message).toBe(
      'The meter stopped answering after 10 of about 500 bytes of the data readout. Keep the probe still on the optical port and read again. (The meter was signed on again and the data readout asked for twice.)',
    );
    expect(link.sent.filter((x) => x.startsWith('/?'))).toHaveLength(2);
  });

  it('a load profile that breaks off names the range estimate', async () => {
    const part = encodeDataMessage('P.01(0250101001500)(00)(15)(1)(1.5.0)(kW)\r\n(1.0)\r\n', true);
    const link = scriptedLink((s) => {
      if (s.startsWith('/?')) return '/ABC5TEST\r\n';
      if (s === '\x06050\r\n') return READOUT;
      if (s === '\x06051\r\n') return encodeCommand('P0', '(1)');
      if (s.startsWith('\x01R5')) return part;
      return null; // the ACK for the next partial block gets no answer
    });
    const e = await readMeter(link.transport, {
      timings: FAST, timeZone: 'UTC', loadProfile: { fromUtc: '2025-01-01T00:00:00Z', toUtc: '2025-01-02T00:00:00Z' }, resignOnPauseMs: 1,
    }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TransferInterruptedError);
    // The programming session signs on again once and repeats the request before giving up (programming.ts).
    expect((e as Error).message).toBe(
      `The meter stopped answering after ${part.length} of about 2\u202f880 bytes of the load profile P.01. Keep the probe still on the optical port and read again. (The session had already been restarted once for this load profile P.01.)`,
    );
    expect(link.sent.filter((x) => x.startsWith('\x01R5'))).toHaveLength(2);
  });
});
