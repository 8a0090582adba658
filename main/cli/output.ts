import type { ReadProgress } from '../../protocol/iec62056-21/progress';
import type { ReadingResult, Register } from '../../protocol/reading';
import { describeRegister } from '../../protocol/meters/describe';
import { elsterLogName } from '../../protocol/meters/elster/describe';

/**
 * CLI output helpers. Progress goes to stderr (one line per step; a live byte counter on a terminal),
 * results to stdout (plain text a technician can read or a script can grep).
 */

/** Returns a progress printer for stderr. On a TTY the byte counter updates in place. */
export function progressPrinter(stream: NodeJS.WriteStream = process.stderr): (p: ReadProgress) => void {
  let lastStep = '';
  let lastMessage = '';
  let lastBytesAt = 0;
  return (p) => {
    const pct = p.percent === null ? '' : ` ${String(p.percent).padStart(3)}%`;
    if (p.message !== lastMessage && (p.step !== lastStep || !p.message.startsWith('Receiving'))) {
      if (stream.isTTY && lastMessage.startsWith('Receiving')) stream.write('\n');
      stream.write(`[${p.step}]${pct} ${p.message}${p.step === 'data-readout' || p.step === 'load-profile' ? '' : '\n'}`);
      if (p.step === 'data-readout' || p.step === 'load-profile') stream.write('\n');
      lastStep = p.step;
      lastMessage = p.message;
      return;
    }
    if (stream.isTTY && p.message.startsWith('Receiving') && Date.now() - lastBytesAt > 200) {
      lastBytesAt = Date.now();
      stream.write(`\r[${p.step}]${pct} ${p.bytes} bytes at ${p.baud} baud   `);
    }
  };
}

/** Plain-text summary of a reading: meter, session, every register (OBIS, value, unit, time stamp), load profile. */
export function formatReadingSummary(r: ReadingResult, extra: { readingId: number; resPath: string | null; duplicate: boolean }): string {
  const lines: string[] = [];
  lines.push(`Meter        ${r.meter.manufacturer} ${r.meter.model}   serial ${r.meter.serial ?? '(not sent)'}`);
  lines.push(`Identified   ${r.meter.identification}   mode ${r.session.mode}, ${r.session.baud} baud`);
  lines.push(`Read         ${r.session.startedUtc} by ${r.session.operator} on ${r.session.port} (meter time zone ${r.session.timeZone})`);
  lines.push(`Stored       reading ${extra.readingId}${extra.duplicate ? ' (identical reading was already stored)' : ''}`);
  if (extra.resPath) lines.push(`RES file     ${extra.resPath}`);
  lines.push('');
  lines.push(`Registers (${r.registers.length} data sets)`);
  const w = Math.max(8, ...r.registers.map((x) => x.address.length));
  lines.push(`  ${'OBIS'.padEnd(w)}  ${'value'.padStart(16)}  ${'unit'.padEnd(6)}  ${'time stamp'.padEnd(19)}  description`);
  for (const reg of r.registers) {
    const desc = describeRegister(reg.code, r.meter.manufacturer) ?? '';
    const hist = reg.billingPeriod !== null ? ` (billing period ${reg.billingPeriod})` : '';
    lines.push(
      `  ${reg.address.padEnd(w)}  ${(reg.text || '—').padStart(16)}  ${(reg.unit ?? '').padEnd(6)}  ${(reg.timestampLocal ?? '').padEnd(19)}  ${desc}${desc ? hist : hist.trim()}`,
    );
  }
  lines.push('', ...auditLines(r.registers));
  const lp = r.loadProfile;
  if (lp) {
    const first = lp.intervals[0];
    const last = lp.intervals[lp.intervals.length - 1];
    lines.push(`Load profile P.0${lp.profile}: ${lp.intervals.length} intervals of ${lp.periodMinutes} min, channels ${lp.channels.map((c) => `${c.obis} (${c.unit})`).join(', ')}`);
    if (first && last) lines.push(`  from ${first.startLocal} to ${last.startLocal} meter local time (${first.startUtc} … ${last.endUtc})`);
    const flagged = lp.intervals.filter((i) => !/^0*$/.test(i.status)).length;
    if (flagged) lines.push(`  ${flagged} intervals carry a status flag (e.g. power failure, clock set)`);
  } else {
    lines.push('Load profile: not read');
  }
  for (const n of r.notes) lines.push(`Note (${n.level}): ${n.message}`);
  return `${lines.join('\n')}\n`;
}

/**
 * The programming log and events of a reading, when the meter gave them (Elster: programming counter 680 as C.2.0
 * with the newest programming time and each logged programming as 128.2.k (user, time, port); the 544 groups as
 * 128.99.n and the event logs 691…701 as 128.98.n, named: protocol/meters/elster/registers.ts, describe.ts).
 * Empty for readings without them.
 */
export function auditLines(registers: readonly Register[]): string[] {
  const lines: string[] = [];
  const current = registers.filter((x) => x.billingPeriod === null);
  const counter = current.find((x) => x.code === 'C.2.0');
  if (counter) {
    const last = counter.value === 0 ? ', never programmed' : counter.timestampLocal ? `, last programmed ${counter.timestampLocal.replace('T', ' ')} meter time` : '';
    lines.push(`Programming counter  ${counter.text}${last}`);
  }
  for (const p of current.filter((x) => /^128\.2\.\d+$/.test(x.code))) {
    const port = p.values[2]?.raw;
    lines.push(`  ${elsterLogName(p.code)}: ${p.timestampLocal?.replace('T', ' ') ?? '?'} meter time${p.text ? `, user ${p.text}` : ''}${port ? `, ${port}` : ''}`);
  }
  const events = current.filter((x) => /^128\.(99|98)\.\d+$/.test(x.code));
  if (events.length > 0) {
    lines.push(`Events (${events.length} records)`);
    const width = Math.max(...events.map((e) => (elsterLogName(e.code) ?? e.code).length));
    for (const e of events) {
      lines.push(`  ${(elsterLogName(e.code) ?? e.code).padEnd(width)}  count ${e.text.padStart(5)}${e.timestampLocal ? `  last ${e.timestampLocal.replace('T', ' ')}` : ''}`);
    }
  }
  if (lines.length > 0) lines.push('');
  return lines;
}
