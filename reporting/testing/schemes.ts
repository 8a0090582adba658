/**
 * Test schemes for reports: a German-style two-rate scheme (HT 06:00–22:00 Monday–Friday, NT otherwise) in a DST
 * zone, with 15-minute block maximum demand; and a variant with different hours (a scheme change mid-period).
 */
import { newScheme, type TariffScheme } from '../../schemes/model';

/** HT (rate 1) from `htFrom` to `htTo` on weekdays, NT (rate 2) otherwise; DST rule of `zone`. */
export function twoRateScheme(zone = 'Europe/Berlin', htFrom = '06:00', htTo = '22:00', id = 'HTNT'): TariffScheme {
  const base = newScheme(id, `HT/NT ${htFrom}-${htTo}`, 'generic', zone);
  return {
    ...base,
    rates: [
      { number: 1, name: 'HT', colour: '#e07b39' },
      { number: 2, name: 'NT', colour: '#3960e0' },
    ],
    dayProfiles: [
      { id: 'weekday', name: 'Weekday', switches: [{ time: '00:00', rate: 2 }, { time: htFrom, rate: 1 }, { time: htTo, rate: 2 }] },
      { id: 'weekend', name: 'Weekend', switches: [{ time: '00:00', rate: 2 }] },
    ],
    maximumDemand: { ...base.maximumDemand, integrationPeriodMinutes: 15, perRate: true },
    loadProfile: { ...base.loadProfile, capturePeriodMinutes: 15 },
  };
}
