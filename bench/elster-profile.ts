import { countingTransport } from './wire-counter';
import { readElsterLoadProfile } from '../protocol/meters/elster/load-profile-transfer';
import { ElsterSession } from '../protocol/meters/elster/session';
import { elsterModel } from '../protocol/meters/elster/model';
import { openEmbeddedEmulator } from '../main/emulator';

/**
 * Benchmark: 90 days of 30-minute, 2-channel load profile from the PACED emulated Elster A1140 or A1700 at 9600 baud
 * (in-process paced link, 8 data bits: the RD stream is binary; meter reaction time 200 ms = tr min), read the
 * fast way, each model by its driver's flow: sign-on → Y=6 → P0 → P2 → W1 554 (A1140: range) or W1 551 (A1700:
 * days) → R1 551 (block counts) → RD 550 (stream: 256-byte blocks, length byte N − 1, CRC-16/ARC over STX…ETX/EOT,
 * nothing sent back per block) → B0 (docs/elster-sources.md). Figures:
 * - elapsed: the whole session and the load-profile part alone;
 * - wire time: characters each way × 10 bits / baud at the speed each was sent, + one reaction time (200 ms)
 *   per turn of the conversation (the stream's blocks follow each other without a turn);
 * - ratio = elapsed / wire time (issue 10 bar: ≤ 1.05);
 * - the manual's anchor "90 days of load profile in under 30 s" (A1140 manual M181 001, "data stream mode"),
 *   checked honestly against what 9600 baud can carry with this encoding (status byte + 3 value bytes per channel
 *   per interval, day markers, 7 bytes of framing per 256-byte block).
 */
export interface ElsterProfileBenchResult {
  readonly model: 'a1140' | 'a1700';
  readonly days: number;
  readonly intervals: number;
  readonly channels: number;
  readonly profileBytes: number;
  readonly streamBlocks: number | null;
  readonly sessionSeconds: number;
  readonly profileSeconds: number;
  readonly wireSeconds: number;
  readonly profileWireSeconds: number;
  readonly turns: number;
  readonly referenceSeconds: number;
  readonly profileReferenceSeconds: number;
  readonly ratio: number;
  readonly profileRatio: number;
  /** Wire time of the profile's stream bytes alone at 9600 baud, seconds: the floor for any client. */
  readonly streamFloorSeconds: number;
  readonly meetsManualAnchor: boolean;
}

const REACTION_MS = 200;
const DAYS = 90;

/** Run the benchmark for `model` (about 40 s: the wire time itself is over 30 s). */
export async function runElsterProfileBench(modelName: 'a1140' | 'a1700' = 'a1140'): Promise<ElsterProfileBenchResult> {
  const emu = openEmbeddedEmulator({ meter: { model: modelName, timeZone: 'Europe/London', loadProfileDays: DAYS + 2, seedRng: 11 }, paced: true, session: { reactionTimeMs: REACTION_MS } });
  try {
    // The client sends nothing per stream block (public:iec1107/FlagIEC1107Connection.java:1018-1112).
    const c = countingTransport(emu.clientTransport, () => false);
    const es = new ElsterSession(c.transport, { password: '00000000' });
    const now = Date.now();
    const t0 = performance.now();
    await es.open();
    const before = c.snapshot();
    const t1 = performance.now();
    const model = elsterModel(modelName === 'a1140' ? 'A1140' : 'A1700', { identification: emu.meter.identification });
    const lp = await readElsterLoadProfile(es, model, { fromUtc: new Date(now - DAYS * 86_400_000).toISOString(), toUtc: new Date(now).toISOString() }, { method: 'stream', zone: { zone: 'Europe/London' } });
    const t2 = performance.now();
    const after = c.snapshot();
    await es.close();
    const t3 = performance.now();
    const end = c.snapshot();
    const wireSeconds = end.seconds;
    const referenceSeconds = wireSeconds + (end.turns * REACTION_MS) / 1000;
    const profileWireSeconds = after.seconds - before.seconds;
    const profileReferenceSeconds = profileWireSeconds + ((after.turns - before.turns) * REACTION_MS) / 1000;
    const sessionSeconds = (t3 - t0) / 1000;
    const profileSeconds = (t2 - t1) / 1000;
    const blocks = Math.ceil(lp.bytes.length / 256);
    return {
      model: modelName,
      days: DAYS,
      intervals: lp.profile.intervals.length,
      channels: 2,
      profileBytes: lp.bytes.length,
      streamBlocks: lp.size?.blocks256 ?? null,
      sessionSeconds,
      profileSeconds,
      wireSeconds,
      profileWireSeconds,
      turns: end.turns,
      referenceSeconds,
      profileReferenceSeconds,
      ratio: sessionSeconds / referenceSeconds,
      profileRatio: profileSeconds / profileReferenceSeconds,
      streamFloorSeconds: ((lp.bytes.length + 7 * blocks) * 10) / 9600,
      meetsManualAnchor: profileSeconds < 30,
    };
  } finally {
    await emu.stop();
  }
}
