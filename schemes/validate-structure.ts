/**
 * Structure checks of a scheme whose shape is right (schemes/validate-shape.ts passed): rates, day profiles
 * (switch times ordered, no overlap, a 00:00 start, known rates), references between week profiles, seasons,
 * special days and day profiles, and what is defined but never used. Calendar semantics: IEC 62056-62
 * activity calendar as summarised in reference tariff-model.md "Concepts".
 *
 * Decision (docs/tariff-schemes.md "Validation"): a day profile that does not start at 00:00 is an ERROR.
 * Before its first switch a meter keeps the rate of the previous day's last switch, which depends on which
 * profile ran the day before; the simulation (schemes/calendar.ts) cannot know that for certain, and the
 * published ACE6000 calendar requires day profiles to start at 00:00 (ACE6000 user guide §7.7.4).
 */
import { type TariffScheme, WEEKDAYS, minuteOfDay } from './model';
import { type ProblemList, jsonPath, listWords, monthName, named } from './problems';

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Rates: unique numbers; a warning for a rate no switch time uses. */
export function checkRates(scheme: TariffScheme, out: ProblemList): void {
  const first = new Map<number, { name: string }>();
  const used = new Set(scheme.dayProfiles.flatMap((p) => p.switches.map((s) => s.rate)));
  scheme.rates.forEach((r, i) => {
    const earlier = first.get(r.number);
    if (earlier) {
      out.add(jsonPath('rates', i, 'number'), 'duplicate-rate', `Rate '${r.name}': number ${r.number} is already used by rate '${earlier.name}'; give each rate its own number`);
      return;
    }
    first.set(r.number, r);
    if (!used.has(r.number)) out.add(jsonPath('rates', i), 'unused-rate', `${named.rate(r)} is not used by any switch time`);
  });
}

/** Day profiles: unique ids, switch times in order without duplicates, a 00:00 start, only known rates. */
export function checkDayProfiles(scheme: TariffScheme, out: ProblemList): void {
  const ids = new Map<string, string>();
  const rates = new Set(scheme.rates.map((r) => r.number));
  const rateList = [...rates].sort((a, b) => a - b).join(', ');
  scheme.dayProfiles.forEach((p, i) => {
    const label = named.dayProfile(p);
    const earlier = ids.get(p.id);
    if (earlier !== undefined) {
      out.add(jsonPath('dayProfiles', i, 'id'), 'duplicate-id', `${label}: id '${p.id}' is already used by day profile '${earlier}'; give each day profile its own id`);
    } else {
      ids.set(p.id, p.name);
    }
    const at = new Map<number, number>();
    let earliest = 0;
    p.switches.forEach((s, j) => {
      const minute = minuteOfDay(s.time);
      if (minute < minuteOfDay(p.switches[earliest]!.time)) earliest = j;
      const same = at.get(minute);
      if (same !== undefined) {
        const other = p.switches[same]!.rate;
        const rateText = other === s.rate ? `both rate ${s.rate}` : `rates ${other} and ${s.rate}`;
        out.add(jsonPath('dayProfiles', i, 'switches', j, 'time'), 'duplicate-switch-time', `${label}: two switch times at ${s.time} (${rateText}); keep one`);
      } else {
        at.set(minute, j);
        const prev = p.switches[j - 1];
        if (prev && minute < minuteOfDay(prev.time)) {
          out.add(jsonPath('dayProfiles', i, 'switches', j, 'time'), 'switch-order', `${label}: switch time ${s.time} comes after ${prev.time}; list the switch times in time order`);
        }
      }
      if (!rates.has(s.rate)) {
        out.add(jsonPath('dayProfiles', i, 'switches', j, 'rate'), 'unknown-rate', `${label}: the switch at ${s.time} uses rate ${s.rate}, which is not one of the scheme's rates (${rateList})`);
      }
    });
    const start = p.switches[earliest]!.time;
    if (start !== '00:00') {
      out.add(jsonPath('dayProfiles', i, 'switches', earliest, 'time'), 'missing-midnight-switch', `${label}: the first switch time is ${start}; add a switch time at 00:00 so the rate after midnight is defined`);
    }
  });
}

/** Week profiles (unique ids, day profiles exist), seasons (week profile exists), special days (day profile exists). */
export function checkReferences(scheme: TariffScheme, out: ProblemList): void {
  const days = new Set(scheme.dayProfiles.map((p) => p.id));
  const weeks = new Map<string, string>();
  scheme.weekProfiles.forEach((w, i) => {
    const earlier = weeks.get(w.id);
    if (earlier !== undefined) {
      out.add(jsonPath('weekProfiles', i, 'id'), 'duplicate-id', `${named.weekProfile(w)}: id '${w.id}' is already used by week profile '${earlier}'; give each week profile its own id`);
    } else {
      weeks.set(w.id, w.name);
    }
    for (const d of WEEKDAYS) {
      if (!days.has(w.days[d])) {
        out.add(jsonPath('weekProfiles', i, 'days', d), 'unknown-day-profile', `${named.weekProfile(w)}: ${capital(d)} uses day profile '${w.days[d]}', which does not exist`);
      }
    }
  });
  scheme.seasons.forEach((s, i) => {
    if (!weeks.has(s.weekProfile)) {
      out.add(jsonPath('seasons', i, 'weekProfile'), 'unknown-week-profile', `${named.season(s)}: week profile '${s.weekProfile}' does not exist`);
    }
  });
  scheme.specialDays.forEach((d, i) => {
    if (!days.has(d.dayProfile)) {
      out.add(jsonPath('specialDays', i, 'dayProfile'), 'unknown-day-profile', `${named.specialDay(d)}: day profile '${d.dayProfile}' does not exist`);
    }
  });
}

/**
 * Warnings for week profiles no season uses, and day profiles that are unreachable: not in any week profile
 * that a season uses, and not the day profile of any special day.
 */
export function checkUsage(scheme: TariffScheme, out: ProblemList): void {
  const usedWeeks = new Set(scheme.seasons.map((s) => s.weekProfile));
  const usedDays = new Set(scheme.specialDays.map((d) => d.dayProfile));
  for (const w of scheme.weekProfiles) if (usedWeeks.has(w.id)) for (const d of WEEKDAYS) usedDays.add(w.days[d]);
  const reported = new Set<string>();
  scheme.weekProfiles.forEach((w, i) => {
    if (!usedWeeks.has(w.id) && !reported.has(`w:${w.id}`)) {
      reported.add(`w:${w.id}`);
      out.add(jsonPath('weekProfiles', i), 'unused-week-profile', `${named.weekProfile(w)} is not used by any season`);
    }
  });
  scheme.dayProfiles.forEach((p, i) => {
    if (!usedDays.has(p.id) && !reported.has(`d:${p.id}`)) {
      reported.add(`d:${p.id}`);
      out.add(jsonPath('dayProfiles', i), 'unused-day-profile', `${named.dayProfile(p)} is not used: no week profile of a season and no special day refers to it`);
    }
  });
}

/** Maximum demand: sub-intervals fit the method and period, quantities and billing dates not repeated. */
export function checkMaximumDemand(scheme: TariffScheme, out: ProblemList): void {
  const md = scheme.maximumDemand;
  const period = md.integrationPeriodMinutes;
  if (md.method === 'block' && md.subIntervals !== 1) {
    out.add('maximumDemand.subIntervals', 'md-sub-intervals', `Maximum demand: block demand has no sub-intervals; set subIntervals to 1 (it is ${md.subIntervals}) or use the sliding method`);
  } else if (md.method === 'sliding' && md.subIntervals === 1) {
    out.add('maximumDemand.subIntervals', 'md-sliding-one-sub-interval', `Maximum demand: sliding demand with 1 sub-interval is block demand; use 2 or more sub-intervals, or the block method`);
  } else if (md.method === 'sliding' && period % md.subIntervals !== 0) {
    const fits = Array.from({ length: 14 }, (_, k) => k + 2).filter((n) => period % n === 0);
    out.add('maximumDemand.subIntervals', 'md-sub-intervals', `Maximum demand: a ${period} min period cannot be split into ${md.subIntervals} equal sub-intervals; use ${listWords(fits.map(String), 'or')}`);
  }
  const quantities = new Set<string>();
  md.quantities.forEach((q, i) => {
    if (quantities.has(q)) out.add(jsonPath('maximumDemand', 'quantities', i), 'duplicate-md-quantity', `Maximum demand: "${q}" is listed twice`);
    quantities.add(q);
  });
  const dates = new Set<string>();
  const monthly = new Set(md.billingDates.filter((b) => b.month === undefined).map((b) => b.day));
  md.billingDates.forEach((b, i) => {
    const key = `${b.month ?? '*'}-${b.day}`;
    const text = b.month === undefined ? `day ${b.day} of every month` : `${b.day} ${monthName(b.month)}`;
    if (dates.has(key)) {
      out.add(jsonPath('maximumDemand', 'billingDates', i), 'duplicate-billing-date', `Maximum demand: billing date ${text} is listed twice`);
    } else if (b.month !== undefined && monthly.has(b.day)) {
      out.add(jsonPath('maximumDemand', 'billingDates', i), 'billing-date-covered', `Maximum demand: billing date ${text} is already covered by the monthly billing date on day ${b.day}`);
    }
    dates.add(key);
  });
}

/** Load-profile channels and pulse-output terminals not repeated. */
export function checkChannelsAndOutputs(scheme: TariffScheme, out: ProblemList): void {
  const channels = new Set<string>();
  scheme.loadProfile.channels.forEach((c, i) => {
    if (channels.has(c)) out.add(jsonPath('loadProfile', 'channels', i), 'duplicate-lp-channel', `Load profile: channel "${c}" is listed twice`);
    channels.add(c);
  });
  const terminals = new Map<number, number>();
  scheme.pulseOutputs.forEach((o, i) => {
    const earlier = terminals.get(o.output);
    if (earlier !== undefined) {
      out.add(jsonPath('pulseOutputs', i, 'output'), 'duplicate-pulse-output', `${named.pulseOutput(i)}: terminal ${o.output} is already used by pulse output ${earlier + 1}; give each pulse output its own terminal`);
    } else {
      terminals.set(o.output, i);
    }
  });
}
