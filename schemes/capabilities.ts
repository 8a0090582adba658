/**
 * The capability table of the meter models, as the scheme checks use it: the limits and their provenance live in
 * meter-definitions/capabilities.ts (read from the meter definitions, so a correction there reaches the scheme checks);
 * this module looks a model up and prints the table for docs/tariff-schemes.md "Capabilities".
 */
import {
  CAPABILITY_ASSUMPTIONS, CAPABILITY_SOURCES, type CapabilityField, METER_CAPABILITIES, type MeterCapabilities, shortProvenance,
} from '../meter-definitions';
import { type MeterModel, METER_MODELS } from './model';

export { CAPABILITY_ASSUMPTIONS, CAPABILITY_SOURCES, type CapabilityField, METER_CAPABILITIES, type MeterCapabilities };

/**
 * The capabilities of `model`.
 * @throws RangeError for a name that is not one of METER_MODELS (callers pass validated models).
 */
export function capabilitiesOf(model: MeterModel): MeterCapabilities {
  const caps = (METER_CAPABILITIES as Partial<Record<string, MeterCapabilities>>)[model];
  if (!caps) throw new RangeError(`Unknown meter model "${String(model)}"; use one of ${METER_MODELS.join(', ')}`);
  return caps;
}

const FIELD_LABELS: Readonly<Record<CapabilityField, string>> = {
  maxSeasons: 'seasons',
  maxWeekProfiles: 'week profiles',
  maxDayProfiles: 'day profiles',
  maxSwitchTimesPerDayProfile: 'switch times per day profile',
  maxSwitchingOperations: 'switching operations in total',
  maxSpecialDays: 'special days',
  rates: 'TOU rates (registers)',
  ratesLargestVariant: 'TOU rates, largest variant',
  mdRegisters: 'maximum demand registers',
  mdIntegrationPeriods: 'MD integration periods (min)',
  lpCapturePeriods: 'load-profile capture periods (min)',
  lpPeriodIsMdPeriod: 'load profile uses the MD period',
  maxLpChannels: 'load-profile channels',
  lpQuantities: 'load-profile quantities',
  pulseOutputs: 'pulse outputs',
  dstDeviations: 'DST deviations (min)',
};

/**
 * The table as Markdown (one row per limit, one column per model, then the sources), as printed in
 * docs/tariff-schemes.md "Capabilities"; a test keeps the two identical.
 */
export function capabilitiesMarkdown(): string {
  const fields = Object.keys(FIELD_LABELS) as CapabilityField[];
  const cell = (v: MeterCapabilities[CapabilityField]) => (Array.isArray(v) ? v.join(', ') : typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v));
  const lines = [`| limit | ${METER_MODELS.join(' | ')} |`, `|---|${METER_MODELS.map(() => '---').join('|')}|`];
  for (const f of fields) lines.push(`| ${FIELD_LABELS[f]} | ${METER_MODELS.map((m) => cell(METER_CAPABILITIES[m][f])).join(' | ')} |`);
  lines.push('', 'Sources:', '');
  for (const m of METER_MODELS) {
    for (const f of fields) lines.push(`- ${m} ${FIELD_LABELS[f]}: ${shortProvenance(CAPABILITY_SOURCES[m][f])}`);
  }
  return `${lines.join('\n')}\n`;
}
