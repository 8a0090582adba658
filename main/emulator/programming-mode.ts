import { ACK, NAK } from '../../protocol/iec62056-21/control';
import { type Block, decodeBlock, encodeCommand, encodeDataMessage } from '../../protocol/iec62056-21/frames';
import { splitAnswer } from './answer-blocks';
import type { ProgrammingAccess, ProgrammingDialect, ProgrammingHandler, ProgrammingLink, WriteOutcome } from './meter-personality';

/**
 * The generic IEC 62056-21 programming mode (option select Y=1) of a meter with a `ProgrammingAccess`.
 * Source: IEC 62056-21:2002 clauses 6.3.7–6.3.9; ../shared/reference/iec62056-21.md "Messages".
 *
 * - the meter opens with `SOH P0 STX (operand) ETX BCC`;
 * - P1/P2 password → ACK, or `(ERR10)` when wrong;
 * - R1/R2/R5 read → one answer message; R6 → partial blocks (EOT) of ≤ `partialBlockBytes`, each waiting for
 *   ACK (NAK repeats the block; any other message ends the transfer and is handled next);
 * - W1/W2/W5 write and E2 execute → ACK when done; `(ERR02)` unknown data set; `(ERR04)` refused (bad value);
 *   `(ERR03)` when the meter takes no writes / executes (and for any other command);
 * - reads, writes and executes before a required password → `(ERR05)` (also after a lock, until P1/P2 again);
 * - a block with a bad BCC or framing → NAK; B0/B1 → end (300 baud idle).
 * The meaning of ERR02/03/04/05/10 is this emulator's choice (the standard leaves the codes to the maker).
 */

const answerOf = (outcome: WriteOutcome): Uint8Array =>
  outcome === 'done' ? Uint8Array.of(ACK) : encodeDataMessage(outcome === 'unknown' ? '(ERR02)' : '(ERR04)');

/** The generic programming mode as a dialect entered with Y=1. */
export function genericDialect(p: ProgrammingAccess): ProgrammingDialect {
  return {
    acceptsMode: (y) => y === '1',
    begin: (link) => new GenericProgramming(p, link),
  };
}

class GenericProgramming implements ProgrammingHandler {
  readonly opening: Uint8Array;
  private authorised: boolean;

  constructor(
    private readonly p: ProgrammingAccess,
    private readonly link: ProgrammingLink,
  ) {
    this.opening = encodeCommand('P0', `(${p.operand})`);
    this.authorised = !p.passwordRequired;
  }

  lock(): void {
    this.authorised = false;
  }

  async handle(bytes: Uint8Array): Promise<'end' | void> {
    const { p, link } = this;
    let block: Block;
    try {
      block = decodeBlock(bytes, 'command');
    } catch {
      await link.react();
      await link.answer(Uint8Array.of(NAK));
      return;
    }
    const cmd = block.command ?? '';
    link.log(`command ${cmd} ${block.data}`.trim());
    if (cmd.startsWith('B')) return 'end';
    await link.react();
    if (cmd === 'P1' || cmd === 'P2') {
      const ok = p.checkPassword(block.data.replace(/^\((.*)\)$/, '$1'));
      if (ok) this.authorised = true;
      return link.answer(ok ? Uint8Array.of(ACK) : encodeDataMessage('(ERR10)'));
    }
    const isRead = /^R[1256]$/.test(cmd);
    const isWrite = /^W[125]$/.test(cmd);
    if (!(isRead || isWrite || cmd === 'E2')) return link.answer(encodeDataMessage('(ERR03)'));
    if (!this.authorised) return link.answer(encodeDataMessage('(ERR05)'));
    if (isWrite || cmd === 'E2') {
      const op = isWrite ? p.write?.bind(p, cmd) : p.execute?.bind(p);
      if (!op) return link.answer(encodeDataMessage('(ERR03)'));
      let outcome: WriteOutcome;
      try {
        outcome = op(block.data);
      } catch {
        outcome = 'refused';
      }
      link.log(`${cmd} ${block.data}: ${outcome}`);
      return link.answer(answerOf(outcome));
    }
    let data: string | null;
    try {
      data = p.read(block.data);
    } catch {
      data = null;
    }
    if (data === null) await link.answer(encodeDataMessage('(ERR02)'));
    else if (cmd === 'R6') return this.partialTransfer(data);
    else await link.answer(encodeDataMessage(data));
  }

  /** R6: the answer in partial blocks, each acknowledged (NAK repeats it); any other message ends the transfer. */
  private async partialTransfer(data: string): Promise<'end' | void> {
    const { link } = this;
    const parts = splitAnswer(data, link.partialBlockBytes);
    const block = (i: number) => encodeDataMessage(parts[i]!, i < parts.length - 1);
    let i = 0;
    await link.answer(block(i));
    while (i < parts.length - 1) {
      const m = await link.next(link.inactivityTimeoutMs);
      if (m === null) return 'end'; // inactivity: back to idle
      if (m.kind !== 'ack' && m.kind !== 'nak') {
        link.pushBack(m);
        return;
      }
      if (m.kind === 'ack') i++;
      await link.react();
      await link.answer(block(i));
    }
  }
}
