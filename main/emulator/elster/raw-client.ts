import { ACK, bytesToAscii } from '../../../protocol/iec62056-21/control';
import { encodeSignOn } from '../../../protocol/iec62056-21/frames';
import { decodeAnswerFrame, decodeSeedFrame, encodePasswordFrame } from '../../../protocol/meters/elster/answers';
import { encodeElsterCommand, encodeElsterOptionSelect, encodeReadRequest, encodeStreamRequest, encodeWriteRequest, readRequestsFor } from '../../../protocol/meters/elster/commands';
import { type ElsterSecurityLevel, elsterPasswordSteps } from '../../../protocol/meters/elster/password';
import { type StreamBlock, scanStreamBlock } from '../../../protocol/meters/elster/stream';
import { ElsterMeter, type ElsterMeterOptions } from './meter';
import { createLinkPair } from '../link';
import { MeterSession, type MeterSessionOptions } from '../meter-session';
import { RawPeer } from '../raw-peer';

/**
 * Hand-driven Elster client steps on a RawPeer, for emulator tests (and fault-matrix tests): each step sends
 * the dialect's frames (protocol/meters/elster/) and returns what the meter sent back, without any of the
 * client session's retry logic, so tests see exactly what the meter did.
 */

/** Sign on at 300 baud, option select (Y=6, or Y=1) to `baud`; returns the identification line and the P0 seed. */
export async function elsterSignOn(
  peer: RawPeer,
  opts: { baudChar?: string; baud?: number; variant?: 'manufacturer' | 'iec1107' } = {},
): Promise<{ identification: string; seed: string }> {
  await peer.setBaud(300);
  await peer.send(encodeSignOn());
  const identification = bytesToAscii(await peer.message()).replace(/\r\n$/, '');
  await peer.send(encodeElsterOptionSelect(opts.baudChar ?? '5', opts.variant ?? 'manufacturer'));
  await peer.setBaud(opts.baud ?? 9600);
  const seed = decodeSeedFrame(await peer.message());
  return { identification, seed };
}

/** Send the password step(s) of `level`; returns each answer (ACK byte or a frame) in order. */
export async function elsterLogin(peer: RawPeer, level: ElsterSecurityLevel, password: string, seed: string): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for (const step of elsterPasswordSteps(level, password, seed)) {
    await peer.send(encodePasswordFrame(step));
    out.push(await peer.message());
  }
  return out;
}

/** True when every answer is a lone ACK. */
export function allAck(answers: readonly Uint8Array[]): boolean {
  return answers.every((a) => a.length === 1 && a[0] === ACK);
}

/** Read `totalBytes` of `dataId` with R1 packets of 0x40 bytes. @throws ElsterMeterError for `(ERRn)`, as decodeAnswerFrame. */
export async function elsterRead(peer: RawPeer, dataId: string, totalBytes: number): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for (const r of readRequestsFor(dataId, totalBytes)) {
    await peer.send(encodeElsterCommand('R1', encodeReadRequest(r)));
    parts.push(decodeAnswerFrame(await peer.message(), `R1 ${dataId}`, r.length));
  }
  return Uint8Array.from(parts.flatMap((p) => [...p]));
}

/** One R1 packet as sent by the meter (a frame: data or `(ERRn)`). */
export async function elsterReadRaw(peer: RawPeer, dataId: string, packet: number, length: number): Promise<Uint8Array> {
  await peer.send(encodeElsterCommand('R1', encodeReadRequest({ dataId, packet, length })));
  return peer.message();
}

/** W1 of `data` to `dataId` packet `packet`; returns the meter's answer (ACK or a frame). */
export async function elsterWrite(peer: RawPeer, dataId: string, data: Uint8Array, packet = 1): Promise<Uint8Array> {
  await peer.send(encodeElsterCommand('W1', encodeWriteRequest({ dataId, packet, data })));
  return peer.message();
}

/**
 * RD `dataId` for up to `blocks` blocks: collects stream blocks until the last one (EOT) or `blocks` blocks.
 * @param onBlock called after each block; return true to send ESC (abort) and stop collecting.
 * @throws Error when a block does not complete in `timeoutMs` or fails its CRC.
 */
export async function elsterStream(
  peer: RawPeer,
  dataId: string,
  blocks = 0xffff,
  opts: { timeoutMs?: number; onBlock?: (b: StreamBlock, i: number) => boolean } = {},
): Promise<StreamBlock[]> {
  await peer.send(encodeElsterCommand('RD', encodeStreamRequest({ dataId, blocks })));
  const out: StreamBlock[] = [];
  for (;;) {
    let got: StreamBlock | null = null;
    await peer.take((buf) => {
      const r = scanStreamBlock(buf);
      if (r.type === 'broken') return -r.end;
      if (r.type === 'bad-crc') throw new Error(`stream block ${r.packet} failed its CRC`);
      if (r.type === 'incomplete') return null;
      got = { packet: r.block.packet, data: r.block.data.slice(), last: r.block.last };
      return r.end;
    }, opts.timeoutMs ?? 5000);
    const b = got as StreamBlock | null;
    if (!b) throw new Error('no stream block');
    out.push(b);
    if (opts.onBlock?.(b, out.length - 1)) {
      await peer.send(Uint8Array.of(0x1b));
      return out;
    }
    if (b.last || out.length >= blocks) return out;
  }
}

/** B0 (end of session), then `settleMs` for the meter to return to 300 baud before the next sign-on. */
export async function elsterBreak(peer: RawPeer, settleMs = 30): Promise<void> {
  await peer.send(encodeElsterCommand('B0', null));
  await new Promise((r) => setTimeout(r, settleMs));
}

/** A running emulated Elster meter on an in-memory link, with a RawPeer on the client end (for tests). */
export interface ElsterRig {
  readonly peer: RawPeer;
  readonly meter: ElsterMeter;
  readonly session: MeterSession;
  /** Move the meter's host clock (UTC ms). */
  setHostNow(ms: number): void;
  stop(): Promise<void>;
}

/**
 * Start an Elster meter (host clock fixed at `hostNowMs` until `setHostNow`) on an 8-bit-clean link; reaction
 * time 2 ms unless `session.reactionTimeMs` says otherwise; seeds from `seedRng` 7 unless given.
 */
export function startElsterRig(
  hostNowMs: number,
  meterOpts: ElsterMeterOptions = {},
  sessionOpts: MeterSessionOptions = {},
  paced = false,
): ElsterRig {
  let now = hostNowMs;
  const [client, far] = createLinkPair({ names: ['client', 'meter'], dataBits: 8, paced });
  const meter = new ElsterMeter({ now: () => now, seedRng: 7, ...meterOpts });
  const session = new MeterSession(meter, far, { reactionTimeMs: 2, ...sessionOpts });
  session.start();
  return {
    peer: new RawPeer(client),
    meter,
    session,
    setHostNow: (ms) => {
      now = ms;
    },
    stop: async () => {
      await session.stop();
      await client.close();
    },
  };
}
