import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { setupActor, type Actor } from '../auth/actor';
import { AuthError } from '../auth/errors';
import { testContext } from '../auth/test-helpers';
import { saveMeterGroup } from '../store/meter-groups';
import { deleteCredential, listCredentials, resolveMeterPassword, setCredential } from './credentials';
import { defaultKeyProvider, fileKeyProvider, safeStorageKeyProvider, type SafeStorageLike } from './key-provider';
import { SecretBox, SecretError } from './secret-box';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'pmu-secrets-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const key = (b: number) => Buffer.alloc(32, b);
const actor = (role: Actor['role']): Actor => ({ ...setupActor('x'), setupMode: false, role, username: role });

describe('secret box (AES-256-GCM)', () => {
  it('round-trips, never stores the plaintext, and uses a fresh nonce each time', () => {
    const box = new SecretBox(key(1));
    const a = box.seal('PASSWORD', 'row-1');
    const b = box.seal('PASSWORD', 'row-1');
    expect(box.open(a, 'row-1').toString()).toBe('PASSWORD');
    expect(a.nonce.equals(b.nonce)).toBe(false);
    expect(a.ciphertext.includes(Buffer.from('PASSWORD'))).toBe(false);
  });

  it('refuses a changed byte, another row (AAD) and another key', () => {
    const box = new SecretBox(key(1));
    const s = box.seal('PASSWORD', 'row-1');
    const flipped = Buffer.from(s.ciphertext);
    flipped[0] = flipped[0]! ^ 1;
    expect(() => box.open({ ...s, ciphertext: flipped }, 'row-1')).toThrow(expect.objectContaining({ code: 'DAMAGED' }));
    expect(() => box.open(s, 'row-2')).toThrow(expect.objectContaining({ code: 'DAMAGED' }));
    expect(() => new SecretBox(key(2)).open(s, 'row-1')).toThrow(expect.objectContaining({ code: 'WRONG_KEY' }));
  });
});

describe('key providers', () => {
  it('creates the key file with permissions 0600 and reads the same key again', () => {
    const file = path.join(tempDir(), 'installation.key');
    const k1 = fileKeyProvider(file).dataKey();
    expect(k1).toHaveLength(32);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(fileKeyProvider(file).dataKey().equals(k1)).toBe(true);
    expect(readFileSync(file, 'utf8')).toMatch(/^pmu-installation-key v1\n/);
  });

  it('refuses a key file other users can read, saying how to fix it', () => {
    if (process.platform === 'win32') return;
    const file = path.join(tempDir(), 'installation.key');
    fileKeyProvider(file).dataKey();
    chmodSync(file, 0o644);
    const err = (() => {
      try {
        fileKeyProvider(file).dataKey();
        return null;
      } catch (e) {
        return e as SecretError;
      }
    })();
    expect(err).toBeInstanceOf(SecretError);
    expect(err?.code).toBe('KEY_FILE_UNSAFE');
    expect(err?.message).toContain(`chmod 600 "${file}"`);
    expect(() => fileKeyProvider(file, { platform: 'win32' }).dataKey()).not.toThrow();
  });

  it('reports a damaged key file plainly', () => {
    const file = path.join(tempDir(), 'installation.key');
    writeFileSync(file, 'pmu-installation-key v1\nshort\n', { mode: 0o600 });
    expect(() => fileKeyProvider(file).dataKey()).toThrow(/is damaged/);
  });

  it('safeStorage: keeps the key encrypted by the OS; the CLI is told it cannot open it', () => {
    const dir = tempDir();
    const fake: SafeStorageLike = {
      isEncryptionAvailable: () => true,
      encryptString: (t) => Buffer.from(Buffer.from(t, 'utf8').map((b) => b ^ 0x5a)),
      decryptString: (b) => Buffer.from(Buffer.from(b).map((x) => x ^ 0x5a)).toString('utf8'),
    };
    const p = safeStorageKeyProvider(fake, dir);
    expect(p.kind).toBe('safe-storage');
    const k = p.dataKey();
    expect(readFileSync(path.join(dir, 'installation.key.safe')).includes(Buffer.from('pmu-installation-key'))).toBe(false);
    expect(safeStorageKeyProvider(fake, dir).dataKey().equals(k)).toBe(true);
    expect(() => defaultKeyProvider(path.join(dir, 'pmu.sqlite')).dataKey()).toThrow(/desktop app's system key store/);
    // A store first used from the CLI keeps its key file in the desktop app too.
    const cliDir = tempDir();
    const cliKey = fileKeyProvider(path.join(cliDir, 'installation.key')).dataKey();
    expect(safeStorageKeyProvider(fake, cliDir).dataKey().equals(cliKey)).toBe(true);
  });
});

describe('meter credentials', () => {
  it('are encrypted at rest and listed as metadata only', () => {
    const ctx = testContext();
    setCredential(ctx, { scope: 'meter', meterSerial: 'EMU-1', level: 3 }, 'Zx9!Qw7#', 'admin');
    const raw = JSON.stringify(ctx.db.prepare('SELECT * FROM meter_credentials').all(), (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('latin1') : v));
    expect(raw).not.toContain('Zx9!Qw7#');
    expect(listCredentials(ctx.db)).toEqual([
      { id: 1, scope: 'meter', meterSerial: 'EMU-1', groupId: null, groupName: null, level: 3, updatedUtc: expect.any(String), updatedBy: 'admin' },
    ]);
    expect(JSON.stringify(listCredentials(ctx.db))).not.toMatch(/Zx9|nonce|cipher/);
  });

  it('resolve the most specific password: the meter, then its group, then the default', () => {
    const ctx = testContext();
    const g = saveMeterGroup(ctx.db, { name: 'North', serials: ['M1', 'M2'] });
    setCredential(ctx, { scope: 'default', level: 1 }, 'DEFAULT1', 'admin');
    setCredential(ctx, { scope: 'group', groupId: g.id, level: 1 }, 'GROUP001', 'admin');
    setCredential(ctx, { scope: 'meter', meterSerial: 'M1', level: 1 }, 'METER001', 'admin');
    const tech = actor('technician');
    expect(resolveMeterPassword(ctx, tech, { serial: 'M1', level: 1 })).toMatchObject({ password: 'METER001', source: 'meter' });
    expect(resolveMeterPassword(ctx, tech, { serial: 'm2', level: 1 })).toMatchObject({ password: 'GROUP001', source: 'group' });
    expect(resolveMeterPassword(ctx, tech, { serial: 'M9', level: 1 })).toMatchObject({ password: 'DEFAULT1', source: 'default' });
    expect(resolveMeterPassword(ctx, tech, { serial: null, level: 1 })).toMatchObject({ source: 'default' });
    expect(resolveMeterPassword(ctx, actor('engineer'), { serial: 'M1', level: 3 })).toBeNull();
    // Replacing keeps one row per target and level.
    setCredential(ctx, { scope: 'meter', meterSerial: 'M1', level: 1 }, 'METER002', 'admin');
    expect(resolveMeterPassword(ctx, tech, { serial: 'M1', level: 1 })?.password).toBe('METER002');
    expect(listCredentials(ctx.db)).toHaveLength(3);
    expect(deleteCredential(ctx.db, listCredentials(ctx.db).find((c) => c.scope === 'meter')!.id)).not.toBeNull();
    expect(resolveMeterPassword(ctx, tech, { serial: 'M1', level: 1 })?.password).toBe('GROUP001');
  });

  it('refuse a level above the role (technician 1, auditor none) before opening anything', () => {
    const ctx = testContext();
    setCredential(ctx, { scope: 'default', level: 3 }, 'LEVEL333', 'admin');
    expect(() => resolveMeterPassword(ctx, actor('technician'), { serial: 'M1', level: 3 })).toThrow(AuthError);
    expect(() => resolveMeterPassword(ctx, actor('technician'), { serial: 'M1', level: 3 })).toThrow(/up to security level 1; this job needs level 3/);
    expect(() => resolveMeterPassword(ctx, actor('auditor'), { serial: 'M1', level: 1 })).toThrow(/may not use meter passwords/);
    expect(resolveMeterPassword(ctx, actor('engineer'), { serial: 'M1', level: 3 })?.password).toBe('LEVEL333');
  });

  it('check the password and the target', () => {
    const ctx = testContext();
    expect(() => setCredential(ctx, { scope: 'default', level: 1 }, 'short', 'a')).toThrow(/exactly 8 printable ASCII/);
    expect(() => setCredential(ctx, { scope: 'group', groupId: 42, level: 1 }, 'GROUP001', 'a')).toThrow(/group does not exist/);
    expect(() => setCredential(ctx, { scope: 'meter', level: 1 }, 'METER001', 'a')).toThrow(/serial number/);
  });

  it('a ciphertext copied onto another row does not open', () => {
    const ctx = testContext();
    setCredential(ctx, { scope: 'meter', meterSerial: 'A', level: 1 }, 'AAAAAAAA', 'x');
    setCredential(ctx, { scope: 'meter', meterSerial: 'B', level: 1 }, 'BBBBBBBB', 'x');
    ctx.db.prepare("UPDATE meter_credentials SET nonce = (SELECT nonce FROM meter_credentials WHERE meter_serial = 'A'), ciphertext = (SELECT ciphertext FROM meter_credentials WHERE meter_serial = 'A') WHERE meter_serial = 'B'").run();
    expect(() => resolveMeterPassword(ctx, actor('technician'), { serial: 'B', level: 1 })).toThrow(expect.objectContaining({ code: 'DAMAGED' }));
  });
});
