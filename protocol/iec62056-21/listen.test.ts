import { describe, expect, it } from 'vitest';
import { ProtocolError } from './errors';
import { encodeDataMessage } from './frames';
import { listenForTelegrams } from './listen';
import { scriptedLink } from './testing/scripted-transport';

/** Listen mode on a scripted link: bytes arrive unprompted, in pieces, from the middle of a telegram. */
const T = '/ESY5Q3DA1004 V3.04\r\n\r\n1-0:1.8.0*255(00012345.6789012*kWh)\r\n1-0:1.7.255*255(000137.02*W)\r\n!\r\n';
const OPTS = { telegrams: 2, timeoutMs: 300, baud: 9600, line: '7E1' };

describe('listenForTelegrams', () => {
  it('joins a stream in the middle of a telegram, skips that tail, and cuts the next ones out even in small pieces', async () => {
    const link = scriptedLink(() => null);
    const heard = listenForTelegrams(link.transport, OPTS);
    const stream = `${T.slice(30)}${T}${T}`;
    for (let i = 0; i < stream.length; i += 7) link.emit(stream.slice(i, i + 7));
    const got = await heard;
    expect(got).toHaveLength(2);
    expect(got.map((h) => h.telegram.registers.length)).toEqual([2, 2]);
    expect(got[0]!.telegram.identification?.raw).toBe('/ESY5Q3DA1004 V3.04');
  });

  it('skips a telegram whose BCC fails and takes the next one', async () => {
    const link = scriptedLink(() => null);
    const good = encodeDataMessage('1.8.0(1*kWh)\r\n!\r\n');
    const bad = good.slice();
    bad[bad.length - 1] = good[good.length - 1]! ^ 1;
    const heard = listenForTelegrams(link.transport, { ...OPTS, telegrams: 1 });
    link.emit('/ELS3A1100\r\n');
    link.emit(bad);
    link.emit('/ELS3A1100\r\n');
    link.emit(good);
    expect((await heard)[0]!.telegram.checksum).toBe('valid');
  });

  it('names what was heard on a timeout: a partial telegram', async () => {
    const link = scriptedLink(() => null);
    const heard = listenForTelegrams(link.transport, { ...OPTS, telegrams: 1 });
    link.emit(T.slice(0, 60));
    const err = (await heard.catch((e: unknown) => e)) as ProtocolError;
    expect(err.code).toBe('STOPPED_ANSWERING');
    expect(err.message).toMatch(/^Only a partial telegram was heard/);
  });
});
