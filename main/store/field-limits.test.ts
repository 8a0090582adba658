import { describe, expect, it } from 'vitest';
import { testContext } from '../auth/test-helpers';
import { formatReadingsJson } from '../formats/readings-json';
import { importContent } from '../import';
import { formatRes } from '../res/codec';
import { saveReading } from './readings';
import { buildReading } from './test-fixtures';

describe('field lengths (issue 11.6)', () => {
  it('a 100 000-character serial number is refused with a plain message; an import of it is quarantined, nothing stored', async () => {
    const ctx = testContext();
    const long = buildReading({ serial: '9'.repeat(100_000) });
    expect(() => saveReading(ctx.db, long)).toThrow(
      'Could not save the reading: the meter serial number has 100,000 characters; the workstation stores at most 32. No meter sends one this long: check the file or the meter. Nothing was saved.',
    );
    for (const [name, text] of [['long.json', formatReadingsJson([long])], ['long.RES', formatRes(long)]] as const) {
      const out = await importContent(ctx, name, Buffer.from(text));
      expect(out).toMatchObject({ result: 'quarantined', reason: expect.stringContaining('the meter serial number has 100,000 characters') });
    }
    expect((ctx.db.prepare('SELECT count(*) AS n FROM readings').get() as { n: number }).n).toBe(0);
    // At the limit it is stored.
    expect(saveReading(ctx.db, buildReading({ serial: 'S'.repeat(32) })).readingId).toBeGreaterThan(0);
  });
});
