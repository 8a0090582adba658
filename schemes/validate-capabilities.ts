/**
 * Capability checks: does a (shape-valid) scheme fit a meter model's limits (schemes/capabilities.ts)?
 * Counts of seasons, week/day profiles, switch times per day profile and in total, special days; rate numbers
 * against the TOU registers; MD registers (quantities × rates when per rate); MD and load-profile periods;
 * load-profile channels; pulse outputs; the DST deviation. Every limit exceeded is an error, except a rate
 * that only the model's larger variant has (A1700 T17…T32), which is a warning to check the meter.
 */
import type { MeterCapabilities } from './capabilities';
import type { TariffScheme } from './model';
import { type ProblemList, jsonPath, listWords, named } from './problems';

/** "the A1140" / "the generic meter". */
const the = (caps: MeterCapabilities) => `the ${caps.label}`;

/** Check `scheme` against `caps` (normally capabilitiesOf(model)); problems go to `out`. */
export function checkCapabilities(scheme: TariffScheme, caps: MeterCapabilities, out: ProblemList, schemeModelLabel: string): void {
  if (caps.model !== scheme.meterModel) {
    out.add('meterModel', 'model-differs', `The scheme is written for the ${schemeModelLabel}; it is checked against the limits of ${the(caps)}`);
  }
  const count = (n: number, max: number, path: string, code: Parameters<ProblemList['add']>[1], what: string) => {
    if (n > max) out.add(path, code, `The scheme has ${n} ${what}, ${the(caps)} allows ${max}`);
  };
  count(scheme.seasons.length, caps.maxSeasons, 'seasons', 'too-many-seasons', 'seasons');
  count(scheme.weekProfiles.length, caps.maxWeekProfiles, 'weekProfiles', 'too-many-week-profiles', 'week profiles');
  count(scheme.dayProfiles.length, caps.maxDayProfiles, 'dayProfiles', 'too-many-day-profiles', 'day profiles');
  count(scheme.specialDays.length, caps.maxSpecialDays, 'specialDays', 'too-many-special-days', 'special days');

  let operations = 0;
  scheme.dayProfiles.forEach((p, i) => {
    operations += p.switches.length;
    if (p.switches.length > caps.maxSwitchTimesPerDayProfile) {
      out.add(jsonPath('dayProfiles', i, 'switches'), 'too-many-switch-times', `${named.dayProfile(p)}: ${p.switches.length} switch times, ${the(caps)} allows ${caps.maxSwitchTimesPerDayProfile}`);
    }
  });
  if (operations > caps.maxSwitchingOperations) {
    out.add('dayProfiles', 'too-many-switching-operations', `The day profiles have ${operations} switch times in total, ${the(caps)} allows ${caps.maxSwitchingOperations} switching operations`);
  }

  scheme.rates.forEach((r, i) => {
    if (r.number > caps.ratesLargestVariant) {
      out.add(jsonPath('rates', i, 'number'), 'rate-not-in-model', `${named.rate(r)}: ${the(caps)} has ${caps.ratesLargestVariant} TOU rate registers (T1 to T${caps.ratesLargestVariant})`);
    } else if (r.number > caps.rates) {
      out.add(
        jsonPath('rates', i, 'number'),
        'rate-needs-variant',
        `${named.rate(r)}: only the ${caps.ratesLargestVariant}-register ${caps.label} has T${caps.rates + 1} to T${caps.ratesLargestVariant} (the standard one has ${caps.rates}); program this scheme only into a ${caps.ratesLargestVariant}-register meter`,
      );
    }
  });

  checkDemandAndProfile(scheme, caps, out);

  count(scheme.pulseOutputs.length, caps.pulseOutputs, 'pulseOutputs', 'too-many-pulse-outputs', 'pulse outputs');
  scheme.pulseOutputs.forEach((o, i) => {
    if (o.output > caps.pulseOutputs) {
      out.add(jsonPath('pulseOutputs', i, 'output'), 'too-many-pulse-outputs', `${named.pulseOutput(i)}: terminal ${o.output} does not exist on ${the(caps)} (it has terminals 1 to ${caps.pulseOutputs})`);
    }
  });

  if (scheme.dst.enabled && !caps.dstDeviations.includes(scheme.dst.deviationMinutes)) {
    out.add(
      'dst.deviationMinutes',
      'dst-deviation-not-supported',
      `The DST rule: ${the(caps)} cannot move its clock by ${scheme.dst.deviationMinutes} min; it moves it by ${listWords(caps.dstDeviations.map(String), 'or')} min`,
    );
  }
}

function checkDemandAndProfile(scheme: TariffScheme, caps: MeterCapabilities, out: ProblemList): void {
  const md = scheme.maximumDemand;
  const registers = md.quantities.length * (md.perRate ? scheme.rates.length : 1);
  if (registers > caps.mdRegisters) {
    const how = md.perRate
      ? `${md.quantities.length} quantities × ${scheme.rates.length} rates = ${registers} MD registers`
      : `${registers} quantities need ${registers} MD registers`;
    out.add('maximumDemand.quantities', 'too-many-md-registers', `Maximum demand: ${how}, ${the(caps)} has ${caps.mdRegisters}`);
  }
  if (!caps.mdIntegrationPeriods.includes(md.integrationPeriodMinutes)) {
    out.add(
      'maximumDemand.integrationPeriodMinutes',
      'md-period-not-supported',
      `Maximum demand: ${the(caps)} does not offer a ${md.integrationPeriodMinutes} min integration period; use ${listWords(caps.mdIntegrationPeriods.map(String), 'or')} min`,
    );
  }
  const lp = scheme.loadProfile;
  if (!caps.lpCapturePeriods.includes(lp.capturePeriodMinutes)) {
    out.add(
      'loadProfile.capturePeriodMinutes',
      'lp-period-not-supported',
      `Load profile: ${the(caps)} does not offer a ${lp.capturePeriodMinutes} min capture period; use ${listWords(caps.lpCapturePeriods.map(String), 'or')} min`,
    );
  } else if (caps.lpPeriodIsMdPeriod && lp.capturePeriodMinutes !== md.integrationPeriodMinutes) {
    out.add(
      'loadProfile.capturePeriodMinutes',
      'lp-period-differs-from-md',
      `Load profile: the capture period is ${lp.capturePeriodMinutes} min but the maximum demand integration period is ${md.integrationPeriodMinutes} min; ${the(caps)} has one integration period for both, so make them equal`,
    );
  }
  if (lp.channels.length > caps.maxLpChannels) {
    out.add('loadProfile.channels', 'too-many-lp-channels', `Load profile: ${lp.channels.length} channels, ${the(caps)} records ${caps.maxLpChannels}`);
  }
  lp.channels.forEach((c, i) => {
    if (!caps.lpQuantities.includes(c)) {
      out.add(jsonPath('loadProfile', 'channels', i), 'lp-channel-not-supported', `Load profile: ${the(caps)} cannot record "${c}"; it records ${caps.lpQuantities.join(', ')}`);
    }
  });
}
