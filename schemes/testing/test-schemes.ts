/**
 * Small schemes for the simulation and rate-timeline tests: one day profile every day of the year, one season,
 * a chosen zone and DST policy. Pure (test support; imported by *.test.ts only).
 */
import { type DayProfile, type SpecialDay, type TariffScheme, newScheme, tariffSchemeSchema } from '../model';

/** A week profile's days, all with day profile `id`. */
export const allWeek = (id: string) => ({ monday: id, tuesday: id, wednesday: id, thursday: id, friday: id, saturday: id, sunday: id });

/** newScheme with one day profile used every day (plus `extra` profiles), one season and the given DST policy. */
export function everyDay(profile: DayProfile, o: { zone?: string; repeatedHour?: 'both-passes' | 'first-pass'; enabled?: boolean; extra?: DayProfile[]; specialDays?: SpecialDay[] } = {}): TariffScheme {
  const base = newScheme('TEST', 'Test', 'generic', o.zone ?? 'Europe/Berlin');
  return tariffSchemeSchema.parse({
    ...base,
    dayProfiles: [profile, ...(o.extra ?? [])],
    weekProfiles: [{ id: 'all', name: 'All days', days: allWeek(profile.id) }],
    seasons: [{ name: 'All year', start: { month: 1, day: 1 }, weekProfile: 'all' }],
    specialDays: o.specialDays ?? [],
    dst: { ...base.dst, enabled: o.enabled ?? true, repeatedHour: o.repeatedHour ?? 'both-passes' },
  });
}

/** Night (2) 00:00–07:00 and 23:00–24:00, day (1) 07:00–23:00. */
export const dayNight: DayProfile = { id: 'dn', name: 'Day/night', switches: [{ time: '00:00', rate: 2 }, { time: '07:00', rate: 1 }, { time: '23:00', rate: 2 }] };
/** Switch at 02:30: inside the EU spring gap (02:00–03:00) and the EU repeated hour (02:00–03:00). */
export const gapEu: DayProfile = { id: 'gap', name: 'Gap', switches: [{ time: '00:00', rate: 2 }, { time: '02:30', rate: 1 }, { time: '06:00', rate: 2 }] };
/** US 2027: gap 02:00–03:00 on 14 March, repeated 01:00–02:00 on 7 November. */
export const gapUs: DayProfile = { id: 'us', name: 'US', switches: [{ time: '00:00', rate: 2 }, { time: '01:30', rate: 1 }, { time: '02:30', rate: 2 }] };
/** Rate 3 all day. */
export const holiday: DayProfile = { id: 'hol', name: 'Holiday', switches: [{ time: '00:00', rate: 3 }] };

/** UTC ms of an ISO 8601 instant. */
export const at = (iso: string) => Date.parse(iso);
