import { describe, expect, it } from 'vitest';
import { dailyRateDatasets, heatCells, heatColour } from './report-charts';

describe('report chart geometry', () => {
  it('stacks one dataset per rate with the scheme colours; a day with gaps says so in its label', () => {
    const d = dailyRateDatasets({
      daily: [
        { date: '2025-03-29', hours: 24, rates: [{ rate: 2, energy: 24 }], missing: 0 },
        { date: '2025-03-31', hours: 24, rates: [{ rate: 1, energy: 16 }, { rate: 2, energy: 7.5 }], missing: 2 },
      ],
      rateNames: [{ rate: 1, name: 'HT', colour: '#e07b39' }, { rate: 2, name: 'NT', colour: null }],
    });
    expect(d.labels).toEqual(['2025-03-29', '2025-03-31 (2 missing)']);
    expect(d.datasets.map((x) => [x.label, x.data])).toEqual([['HT', [null, 16]], ['NT', [24, 7.5]]]);
    expect(d.datasets[0]!.backgroundColor).toBe('#e07b39');
  });

  it('heat map: 24 cells a day, no data stays grey (never the colour of zero)', () => {
    const { cells, max } = heatCells({ days: [{ date: '2025-03-30', values: [1, 1, null, ...Array<number>(21).fill(1)] }] });
    expect(cells).toHaveLength(24);
    expect(cells[2]).toEqual({ x: '02', y: '2025-03-30', v: null });
    expect(max).toBe(1);
    expect(heatColour(null, 1)).toBe('#d0d5dd');
    expect(heatColour(0, 1)).not.toBe(heatColour(null, 1));
  });
});
