import { EVENT_LOG_NAMES } from './events';
import { EVENT_GROUP_NUMBERS } from './registers';

/**
 * Plain-English descriptions of the registers an Elster reading carries (registers.ts addresses), for the UI, the
 * CLI and .RES readers: every Elster register and event has one. Generic OBIS codes are described by
 * protocol/iec62056-21/obis.ts; protocol/meters/describe.ts chooses.
 */

const GROUP_NAMES: Readonly<Record<string, string>> = {
  'reverse-running': 'reverse running', 'phase-failures': 'phase failures', 'power-failures': 'power failures', programming: 'programmings (user, port)',
  'ct-ratio-changes': 'CT ratio changes', 'billing-resets': 'billing resets', 'transient-resets': 'transient resets', 'meter-errors': 'meter errors',
  'terminal-cover': 'terminal cover openings', 'main-cover': 'main cover openings', 'internal-battery': 'internal battery events',
  'external-battery': 'external battery events', 'phase-overcurrent': 'phase over-current events',
};
const QUANTITY_BY_C: Readonly<Record<string, string>> = {
  '1': 'active import', '2': 'active export', '5': 'reactive Q1', '6': 'reactive Q2', '7': 'reactive Q3', '8': 'reactive Q4',
  '9': 'apparent import', '10': 'apparent export', '128': 'customer-defined 1', '129': 'customer-defined 2', '130': 'customer-defined 3',
};

/** Description of an Elster register code (`C.D.E`), or null when the code is not one of ours. */
export function describeElsterRegister(code: string): string | null {
  const [c, d, e] = code.split('.') as [string, string, string];
  if (code === 'C.2.0') return 'Programming counter: how often the meter was reprogrammed (its own log, ID 680), with the last time';
  if (code === '0.2.1') return 'Scheme ID programmed into the meter (ID 795)';
  if (code === '0.2.0') return 'Firmware version (ID 998)';
  if (code === '0.4.2') return 'CT ratio, primary (ID 616)';
  if (code === '0.4.5') return 'CT ratio, secondary (ID 616)';
  if (code === '0.4.3') return 'VT ratio, primary (ID 614)';
  if (code === '0.4.6') return 'VT ratio, secondary (ID 614)';
  if (c === '128' && d === '2') return `Programming ${e} of the meter's log (newest first): time, user and port (ID 680)`;
  if (c === '128' && d === '99') {
    const key = Object.entries(EVENT_GROUP_NUMBERS).find(([, n]) => String(n) === e)?.[0];
    return key ? `Historical events: ${GROUP_NAMES[key]} — count and last three times (ID 544)` : null;
  }
  if (c === '128' && d === '98') {
    const id = String(690 + Number(e));
    return EVENT_LOG_NAMES[id] ? `Event log ${id}: ${EVENT_LOG_NAMES[id]!.toLowerCase()} — count and last three times` : null;
  }
  const q = QUANTITY_BY_C[c];
  if (!q) return null;
  if (d === '8' && e === '0' && Number(c) >= 128) return `Cumulative register, ${q} (ID 507)`;
  if (d === '8' && e !== '0') return `Time-of-use register T${e}, ${q} (ID 508)`;
  if (d === '6') return `Maximum demand register ${e}, ${q}, with the time of the maximum (ID 510)`;
  if (d === '2') return `Cumulative maximum demand register ${e}, ${q} (ID 509)`;
  if (d === '5' && e === '0') return `Load-profile channel: ${q}, average demand per interval (ID 550)`;
  return null;
}

/**
 * Short name of an Elster log register for lists: `Programming 1` (128.2.1), `Power failures` (128.99.3),
 * `Event log 699, end of billing periods` (128.98.9); null for another code.
 */
export function elsterLogName(code: string): string | null {
  const [c, d, e] = code.split('.') as [string, string, string];
  if (c !== '128') return null;
  if (d === '2') return `Programming ${e}`;
  if (d === '99') {
    const key = Object.entries(EVENT_GROUP_NUMBERS).find(([, n]) => String(n) === e)?.[0];
    const name = key ? GROUP_NAMES[key] : undefined;
    return name ? name.charAt(0).toUpperCase() + name.slice(1) : null;
  }
  if (d === '98') {
    const id = String(690 + Number(e));
    return EVENT_LOG_NAMES[id] ? `Event log ${id}, ${EVENT_LOG_NAMES[id]!.toLowerCase()}` : null;
  }
  return null;
}
