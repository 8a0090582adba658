import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { cachedZone } from './cached-zone';

describe('cached zone', () => {
  it('gives the same local times and offsets as the IANA zone, across DST changes', () => {
    const z = cachedZone('Europe/London');
    expect(cachedZone('Europe/London')).toBe(z);
    for (let ts = Date.parse('2026-03-29T00:00:00Z'); ts < Date.parse('2026-03-29T03:00:00Z'); ts += 15 * 60_000) {
      const a = DateTime.fromMillis(ts, { zone: z });
      const b = DateTime.fromMillis(ts, { zone: 'Europe/London' });
      expect(a.toFormat('yyyy-LL-dd HH:mm ccc ZZ')).toBe(b.toFormat('yyyy-LL-dd HH:mm ccc ZZ'));
      expect(z.offset(ts)).toBe(b.offset);
    }
    expect(DateTime.fromMillis(Date.parse('2026-10-25T01:30:00Z'), { zone: z }).startOf('day').toISO()).toBe('2026-10-25T00:00:00.000+01:00');
    expect(z.name).toBe('Europe/London');
    expect(z.equals(z)).toBe(true);
  });
});
