import { describe, it, expect } from 'vitest';
import { base64DecodedSize } from '../../contract';
import { batchBySize, isCsvName, toBase64 } from './upload';

describe('uploads', () => {
  it('encodes bytes as standard base64, also past one 32 KiB slice', () => {
    expect(toBase64(new Uint8Array([]))).toBe('');
    expect(toBase64(new TextEncoder().encode('PMU-RES 1\r\n'))).toBe(Buffer.from('PMU-RES 1\r\n').toString('base64'));
    const big = new Uint8Array(100_003).map((_, i) => (i * 7) % 256);
    const b64 = toBase64(big);
    expect(b64).toBe(Buffer.from(big).toString('base64'));
    expect(base64DecodedSize(b64)).toBe(big.length);
  });

  it('splits files into batches under the size and count limits, keeping order', () => {
    const f = (name: string, size: number) => ({ name, size });
    const { batches, tooLarge } = batchBySize([f('a', 40), f('b', 50), f('c', 10), f('huge', 101), f('d', 100)], 100, 10);
    expect(batches.map((b) => b.map((x) => x.name))).toEqual([['a', 'b', 'c'], ['d']]);
    expect(tooLarge.map((x) => x.name)).toEqual(['huge']);
    expect(batchBySize([f('a', 1), f('b', 1), f('c', 1)], 100, 2).batches.map((b) => b.length)).toEqual([2, 1]);
    expect(batchBySize([], 100).batches).toEqual([]);
  });

  it('recognises CSV files by name', () => {
    expect(isCsvName('profile.CSV')).toBe(true);
    expect(isCsvName('export.txt')).toBe(true);
    expect(isCsvName('12345678_20260329T001000Z.RES')).toBe(false);
  });
});
