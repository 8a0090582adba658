import { ACK, NAK } from '../../../protocol/iec62056-21/control';
import { type ElsterClientCommand, decodeClientCommand, encodeAnswerFrame, encodeErrorFrame, encodeSeedFrame } from '../../../protocol/meters/elster/answers';
import type { ReadRequest, StreamRequest } from '../../../protocol/meters/elster/commands';
import { encodeLoadProfileSize } from '../../../protocol/meters/elster/decoders';
import { ElsterDataError, type ElsterErrorCode } from '../../../protocol/meters/elster/errors';
import { LEVEL3_FIRST_P2, elsterP2Response } from '../../../protocol/meters/elster/password';
import { ELSTER_MAX_PACKET_BYTES, ELSTER_MODE_CONTROL, STREAM_BLOCK_BYTES } from '../../../protocol/meters/elster/profile';
import { encodeStream } from '../../../protocol/meters/elster/stream';
import { type ElsterSessionState, applyWrite } from './access';
import { readElsterItem } from './registers';
import type { ElsterMeterCore as ElsterMeter } from './state';
import type { ProgrammingDialect, ProgrammingHandler, ProgrammingLink } from '../meter-personality';

/**
 * One programming session of the emulated Elster meter (after option select Y=6, or Y=1 when configured
 * "IEC 1107 compatible"). Facts: ../shared/reference/elster-dialect.md "Session" and "Register access"; frames
 * by protocol/meters/elster/ (answers.ts, commands.ts, stream.ts, password.ts). Access rules: elster-access.ts.
 *
 * - Opening: `SOH P0 STX (seed) ETX BCC`, a fresh 16-hex-digit seed per session (the meter's `random`).
 * - `P1(password)` = level-1 password in clear → level 1. `P2(0000000000000000)` → ACK and the next P2 is checked
 *   against level 3; `P2(x)` with x = elsterP2Response(level-3 password, seed) after that → level 3;
 *   x = elsterP2Response(level-2 password, seed) → level 2. A wrong password → `(ERR5)` (ASSUMPTION: the
 *   "locked / password" code), level 0, event `password-failure`. Each accepted password → ACK.
 * - `R1 IDppp(n)` (n in either case, 1 or 2 hex digits): n bytes from byte (ppp − 1) × 0x40 of the item → `(HEX)`;
 *   unknown ID (not in the model's definition) → `(ERR2)`; a packet or length beyond the item → `(ERR3)`; before a
 *   password or when locked → `(ERR5)`.
 * - `W1 IDppp(HEX)`: access.ts → ACK or `(ERRn)`.
 * - `RD ID001(n)`: the item as data stream blocks (stream.ts: up to 256 data bytes, length byte N − 1, CRC-16/ARC over
 *   STX…ETX/EOT), at most n blocks, the last block of the item closed by EOT, sent back to back without waiting for
 *   the client (public:iec1107/FlagIEC1107Connection.java:992-1114: the client answers nothing per block); an ESC from
 *   the client stops the stream before the next block.
 * - Load profile: 550 holds the current selection (W1 551 `FFFF` = everything, the default; 551 n = the newest n
 *   days; W1 554 = days overlapping from…to), fixed when first read after the selection. R1 551 = the 64-byte and
 *   256-byte block counts (2 bytes BE each); R1 550 packets see the selection padded with FF, one packet beyond the
 *   count too (the A1700 driver reads count64 + 1 packets, public:abba1700/ABBA1700Profile.java:78-80).
 * - No command for `lockAfterMs` (default 5 min) → locked: `(ERR5)` until a password is accepted (same seed).
 * - A malformed command → `(ERR1)`/`(ERR2)`/`(ERR3)` per commands.ts; a bad BCC → NAK; B0 → idle.
 */

/** The Elster dialect of meter `m`. */
export function elsterDialect(m: ElsterMeter): ProgrammingDialect {
  const mode = ELSTER_MODE_CONTROL[m.optionSelect];
  return { acceptsMode: (y) => y === mode, idleAfterMs: m.idleAfterMs, begin: (link) => new ElsterSession(m, link) };
}


class ElsterSession implements ProgrammingHandler {
  readonly opening: Uint8Array;
  readonly seed: string;
  private readonly st: ElsterSessionState = { level: 0, userId: null, programmed: false, selection: { fromUtcMs: null, toUtcMs: null }, pending: null };
  private armed3 = false;
  private lastCommandAt = Date.now();
  private profile: Uint8Array | null = null;

  constructor(
    private readonly m: ElsterMeter,
    private readonly link: ProgrammingLink,
  ) {
    let seed = '';
    for (let i = 0; i < 8; i++) seed += Math.floor(m.random() * 256).toString(16).toUpperCase().padStart(2, '0');
    this.seed = seed;
    this.opening = encodeSeedFrame(seed);
  }

  lock(): void {
    this.st.level = 0;
    this.armed3 = false;
    this.m.events.add('locked', this.m.meterTimeMs(), 'session locked');
  }

  async handle(bytes: Uint8Array): Promise<'end' | void> {
    const { link } = this;
    let cmd: ElsterClientCommand;
    try {
      cmd = decodeClientCommand(bytes);
    } catch (e) {
      await link.react();
      if (e instanceof ElsterDataError && e.meterAnswer) return this.refuse(e.meterAnswer, e.message);
      return link.answer(Uint8Array.of(NAK));
    }
    if (cmd.command === 'B0') return 'end';
    const now = Date.now();
    if (this.st.level > 0 && now - this.lastCommandAt > this.m.lockAfterMs) {
      link.log(`no command for ${now - this.lastCommandAt} ms: session locked (ERR5 until a password)`);
      this.lock();
    }
    this.lastCommandAt = now;
    await link.react();
    switch (cmd.command) {
      case 'P1':
      case 'P2':
        return this.password(cmd.command, cmd.operand);
      case 'R1':
        return this.st.level === 0 ? this.refuse('ERR5', 'R1 before a password') : this.read(cmd.request);
      case 'RD':
        return this.st.level === 0 ? this.refuse('ERR5', 'RD before a password') : this.stream(cmd.request);
      case 'W1': {
        const id = cmd.request.dataId;
        const err = applyWrite(this.m, this.st, cmd.request, this.m.meterTimeMs());
        if (id === '551' || id === '554') this.profile = null;
        else if (err === null) this.m.changed();
        link.log(`W1 ${id}: ${err ?? 'done'} (level ${this.st.level})`);
        return err ? this.refuse(err, `write of ${id}`) : link.answer(Uint8Array.of(ACK));
      }
    }
  }

  private refuse(code: ElsterErrorCode, why: string): Promise<void> {
    this.link.log(`answer (${code}): ${why}`);
    return this.link.answer(encodeErrorFrame(code));
  }

  private async password(command: 'P1' | 'P2', operand: string): Promise<void> {
    const pw = this.m.passwords;
    let level: 0 | 1 | 2 | 3 = 0;
    if (command === 'P1') {
      if (pw[1] !== null && operand === pw[1]) level = 1;
    } else if (operand === LEVEL3_FIRST_P2) {
      this.armed3 = true;
      this.link.log('P2 zero operand: the next P2 is checked against the level-3 password');
      return this.link.answer(Uint8Array.of(ACK));
    } else {
      if (this.armed3 && pw[3] !== null && operand === elsterP2Response(pw[3], this.seed)) level = 3;
      else if (pw[2] !== null && operand === elsterP2Response(pw[2], this.seed)) level = 2;
      this.armed3 = false;
    }
    this.st.level = level;
    if (level === 0) {
      this.m.events.add('password-failure', this.m.meterTimeMs(), `${command} refused`);
      return this.refuse('ERR5', `${command} password not accepted`);
    }
    this.link.log(`${command} accepted: security level ${level}`);
    return this.link.answer(Uint8Array.of(ACK));
  }

  /** The bytes of item `id` (550/551 from the session's load-profile selection); null when unknown. */
  private item(id: string, forPackets: boolean): Uint8Array | null {
    if (id === '550' || id === '551') {
      if (!this.profile) {
        const s = this.st.selection;
        this.profile = this.m.loadProfile.select(this.m.meterTimeMs(), s.fromUtcMs, s.toUtcMs, s.lastDays);
      }
      const p = this.profile;
      const blocks64 = Math.ceil(p.length / ELSTER_MAX_PACKET_BYTES);
      if (id === '551') return encodeLoadProfileSize({ blocks64, blocks256: Math.ceil(p.length / STREAM_BLOCK_BYTES) });
      if (!forPackets) return p;
      const padded = new Uint8Array((blocks64 + 1) * ELSTER_MAX_PACKET_BYTES).fill(0xff);
      padded.set(p);
      return padded;
    }
    return readElsterItem(this.m, id, this.m.meterTimeMs());
  }

  private read(r: ReadRequest): Promise<void> {
    const data = this.item(r.dataId, true);
    if (data === null) return this.refuse('ERR2', `no data item ${r.dataId}`);
    const offset = (r.packet - 1) * ELSTER_MAX_PACKET_BYTES;
    if (offset + r.length > data.length) return this.refuse('ERR3', `${r.dataId} has ${data.length} bytes; packet ${r.packet} × ${r.length} is beyond`);
    return this.link.answer(encodeAnswerFrame(data.subarray(offset, offset + r.length)));
  }

  private async stream(r: StreamRequest): Promise<void> {
    const { link } = this;
    const data = this.item(r.dataId, false);
    if (data === null) return this.refuse('ERR2', `no data item ${r.dataId}`);
    if (data.length === 0) return this.refuse('ERR3', `${r.dataId} holds no data`);
    const blocks = encodeStream(data);
    const n = Math.min(r.blocks, blocks.length);
    link.log(`RD ${r.dataId}: streaming ${n} of ${blocks.length} blocks (${data.length} bytes)`);
    link.takeEscape();
    for (let i = 0; i < n; i++) {
      if (link.takeEscape()) {
        link.log(`RD ${r.dataId}: ESC received, stream stopped after ${i} blocks`);
        return;
      }
      await link.send(blocks[i]!);
    }
  }
}
