import { describe, expect, it } from 'vitest';
import { MeterErrorAnswer, ProtocolError, TransferInterruptedError } from './errors';
import { TransferProgress, asTransfer } from './transfer';

describe('TransferProgress', () => {
  it('counts bytes from its start and names received-of-expected', () => {
    let n = 500;
    const p = new TransferProgress('load profile', () => n, 2304);
    n += 1480;
    expect(p.received).toBe(1480);
    expect(p.describe()).toBe('1\u202f480 of 2\u202f304 bytes');
    expect(p.percent()).toBe(64);
    const e = p.fail(new ProtocolError('STOPPED_ANSWERING', 'x', 'pause'));
    expect(e).toBeInstanceOf(TransferInterruptedError);
    expect((e as TransferInterruptedError).message).toBe('The meter stopped answering after 1\u202f480 of 2\u202f304 bytes of the load profile. Keep the probe still on the optical port and read again.');
    expect((e as TransferInterruptedError).detail).toBe('pause');
    expect((e as TransferInterruptedError).expectedBytes).toBe(2304);
  });

  it('NO_ANSWER becomes STOPPED_ANSWERING once part of the transfer arrived; LINK_LOST names progress', () => {
    let n = 0;
    const p = new TransferProgress('serial number (798)', () => n, null);
    expect(p.fail(new ProtocolError('NO_ANSWER', 'x'))).toMatchObject({ code: 'NO_ANSWER', message: 'x' });
    n = 37;
    expect(p.fail(new ProtocolError('NO_ANSWER', 'x'))).toMatchObject({ code: 'STOPPED_ANSWERING', message: expect.stringMatching(/after 37 bytes of the serial number/) });
    expect(p.fail(new ProtocolError('LINK_LOST', 'x'))).toMatchObject({ code: 'LINK_LOST', message: expect.stringMatching(/^The connection to the probe was lost after 37 bytes/) });
  });

  it('estimates say "about" and are dropped once passed; other errors pass unchanged', async () => {
    let n = 0;
    const p = new TransferProgress('load profile', () => n, 2000, 'estimate', 100);
    n = 900;
    expect(p.describe()).toBe('1\u202f000 of about 2\u202f000 bytes');
    n = 5000;
    expect(p.describe()).toBe('5\u202f100 bytes');
    const meter = new MeterErrorAnswer('ERR02', 'read');
    await expect(asTransfer(p, () => Promise.reject(meter))).rejects.toBe(meter);
  });
});
