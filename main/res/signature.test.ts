/**
 * Issue 11.6: a .RES file's SHA-256 proved integrity but not who wrote it. Files are now signed with the
 * installation key; an import says "signed by workstation X" or "unsigned", and quarantines a file whose signature
 * no longer matches — even when the forger recomputed the SHA-256.
 */
import { describe, expect, it } from 'vitest';
import { resChecksum } from './codec';
import { formatRes, parseRes } from './codec';
import { setupActor } from '../auth/actor';
import { testContext } from '../auth/test-helpers';
import { resSignerOf } from '../audit/installation-signer';
import { selectAudit } from '../audit/store';
import { importContent } from '../import';
import { buildReading } from '../store/test-fixtures';
import { checkResSignature, signResText } from './signature';

/** Change one register text and re-seal the [end] section, as someone with a text editor and sha256sum would. */
function forge(signed: string): string {
  const lines = signed.split('\r\n');
  const i = lines.findIndex((l) => l.includes('8048.375'));
  lines[i] = lines[i]!.replace('8048.375', '9048.375');
  const end = lines.indexOf('[end]');
  lines[end + 2] = `sha256=${resChecksum(lines.slice(0, end))}`;
  return lines.join('\r\n');
}

describe('.RES signatures', () => {
  it('signed with the installation key: parses as before, imports as "signed by this workstation"', async () => {
    const ctx = { ...testContext(), actor: setupActor('osuser') };
    const signer = resSignerOf(ctx)!;
    const reading = buildReading();
    const text = signResText(formatRes(reading), { ...signer, name: 'LAPTOP-7' });
    expect(text).toMatch(/\r\n\[end\]\r\nlines=\d+\r\nsha256=[0-9a-f]{64}\r\n\[signature\]\r\nsigner=LAPTOP-7\r\nkey=[0-9a-f ]+\r\npublic_key=\S+\r\ned25519=\S+\r\n$/);
    expect(parseRes(text)).toEqual(reading);
    expect(checkResSignature(text)).toEqual({ status: 'valid', signer: 'LAPTOP-7', fingerprint: signer.fingerprint });
    const out = await importContent(ctx, 'a.RES', Buffer.from(text));
    expect(out).toMatchObject({ result: 'imported', signature: expect.stringMatching(/^signed by this workstation \(LAPTOP-7, key [0-9a-f ]{19}…\)$/) });
    expect(JSON.parse(selectAudit(ctx.db, { action: 'readings.imported' })[0]!.summaryJson).after.signature).toBe(out.signature);
  });

  it('unsigned, another installation\'s key, and a forged file with a recomputed SHA-256', async () => {
    const ctx = { ...testContext(), actor: setupActor('osuser') };
    resSignerOf(ctx); // this installation has its own key
    const other = resSignerOf({ ...testContext() })!;
    const plain = formatRes(buildReading({ serial: 'U1' }));
    expect(await importContent(ctx, 'u.RES', Buffer.from(plain))).toMatchObject({ result: 'imported', signature: 'unsigned' });
    const foreign = signResText(formatRes(buildReading({ serial: 'F1' })), { ...other, name: 'DEPOT-PC' });
    expect((await importContent(ctx, 'f.RES', Buffer.from(foreign))).signature).toMatch(/^signed by workstation DEPOT-PC \(key .*not this installation's key/);

    const signed = signResText(formatRes(buildReading({ serial: 'X1' })), { ...other, name: 'DEPOT-PC' });
    const forged = forge(signed);
    expect(parseRes(forged)).not.toEqual(parseRes(signed)); // the SHA-256 alone no longer catches it
    expect(checkResSignature(forged)).toMatchObject({ status: 'invalid', signer: 'DEPOT-PC' });
    const out = await importContent(ctx, 'x.RES', Buffer.from(forged));
    expect(out).toMatchObject({ result: 'quarantined', reason: expect.stringMatching(/^The \.RES file's signature does not match its content/) });
    // A signature section that is cut or padded is not set aside: the file is reported as changed.
    expect(() => parseRes(`${signed}extra=1\r\n`)).toThrow(/text after the \[end\] section/);
  });
});
