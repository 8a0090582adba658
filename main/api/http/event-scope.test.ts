/**
 * Issue 11, reproduction 4: a tab holding only the launch bearer, not signed in, used to receive every import,
 * programming and watched-folder event (file paths included). Now each tab's event stream carries only what the
 * user signed in on it may see: their own jobs, background events by permission — and nothing before sign-in.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request, type ClientRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventAudience } from '../../auth/event-scope';
import { addRoleUsers, CHEAP_SCRYPT, passwordOf } from '../../auth/test-helpers';
import type { EmitEvent } from '../handlers';
import { fakeWatcher } from '../testing/fake-files';
import { fakeContext, fakeServices } from '../testing/fakes';
import { startHttpServer, type RunningServer } from './server';

let server: RunningServer;
let dataDir: string;
let emitWatch: (message: string, audience?: EventAudience) => void = () => undefined;
const streams: ClientRequest[] = [];

function post(path: string, body: unknown, token?: string): Promise<{ status: number; body: string }> {
  const base = new URL(server.url);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) };
    const req = request({ host: base.hostname, port: base.port, method: 'POST', path, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

async function tab(): Promise<string> {
  const launch = new URL(server.launchUrl).searchParams.get('launch');
  return (JSON.parse((await post('/api/session', { launch })).body) as { result: { token: string } }).result.token;
}

const call = async (token: string, name: string, args: unknown = {}) => JSON.parse((await post(`/api/call/${name}`, args, token)).body) as { ok: boolean; error?: { code: string; message: string } };

/** Open the tab's event stream; the returned array fills with `event data` lines as they arrive. */
async function listen(token: string): Promise<string[]> {
  const base = new URL(server.url);
  const got: string[] = [];
  await new Promise<void>((resolve) => {
    const req = request({ host: base.hostname, port: base.port, path: `/api/events?session=${token}` }, (res) => {
      res.setEncoding('utf8').on('data', (chunk: string) => {
        for (const frame of chunk.split('\n\n')) {
          const m = /^event: (\w+)\ndata: (.*)$/m.exec(frame);
          if (m) got.push(`${m[1]} ${m[2]}`);
        }
      });
      resolve();
    });
    req.end();
    streams.push(req);
  });
  return got;
}

const settle = () => new Promise((r) => setTimeout(r, 150));

beforeEach(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'pmu-event-scope-'));
  const staticDir = path.join(dataDir, 'ui');
  mkdirSync(staticDir);
  writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>PMU</title>');
  const ctx = fakeContext(dataDir);
  await addRoleUsers(ctx.db);
  server = await startHttpServer({
    ctx,
    staticDir,
    services: fakeServices(),
    log: () => undefined,
    access: { scrypt: CHEAP_SCRYPT },
    createWatcher: (emit: EmitEvent) => {
      emitWatch = (message, audience = { kind: 'permission', permission: 'readings.view' }) => emit('watchEvent', { folderId: 1, message, imported: 0 }, audience);
      return { ...fakeWatcher(), start: () => undefined, stop: async () => undefined };
    },
  });
});

afterEach(async () => {
  for (const s of streams.splice(0)) s.destroy();
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('reproduction 4: the event stream is scoped to the tab\'s signed-in user', () => {
  it('nothing before sign-in; job progress only to the tab that started it; watcher events by permission', async () => {
    const [tech, stranger, engineer, auditor] = [await tab(), await tab(), await tab(), await tab()];
    expect((await call(tech, 'auth.signIn', { username: 'technician', password: passwordOf('technician') })).ok).toBe(true);
    expect((await call(engineer, 'auth.signIn', { username: 'engineer', password: passwordOf('engineer') })).ok).toBe(true);
    expect((await call(auditor, 'auth.signIn', { username: 'auditor', password: passwordOf('auditor') })).ok).toBe(true);
    const [techGot, strangerGot, engineerGot, auditorGot] = [await listen(tech), await listen(stranger), await listen(engineer), await listen(auditor)];

    // The technician imports a file: progress (with the file name) reaches their own tab only.
    const upload = { jobId: 'imp-1', files: [{ name: 'secret-site.RES', contentBase64: Buffer.from('x').toString('base64') }] };
    const imported = await call(tech, 'importFiles', upload);
    expect(imported.error?.message ?? '').toBe('');
    // The folder watcher scans a watched folder: every signed-in user who may list watched folders sees it.
    emitWatch('Scanned /srv/watched/site-7: 2 imported');
    await settle();
    expect(techGot.filter((e) => e.startsWith('importProgress'))).toHaveLength(2);
    expect(techGot.join('\n')).toContain('secret-site.RES');
    for (const got of [engineerGot, auditorGot]) {
      expect(got.some((e) => e.startsWith('importProgress'))).toBe(false);
      expect(got.filter((e) => e.startsWith('watchEvent'))).toHaveLength(1);
    }
    // The tab that only holds the launch bearer gets nothing at all.
    expect(strangerGot).toEqual([]);

    // Signing out stops the events of that tab at once; a permission the user lacks keeps them away.
    expect((await call(tech, 'auth.signOut')).ok).toBe(true);
    emitWatch('Scanned again');
    emitWatch('users changed', { kind: 'permission', permission: 'users.manage' });
    await settle();
    expect(techGot.filter((e) => e.startsWith('watchEvent'))).toHaveLength(1);
    expect(engineerGot.filter((e) => e.startsWith('watchEvent'))).toHaveLength(2);
    expect(auditorGot.join('\n')).not.toContain('users changed');
    expect(strangerGot).toEqual([]);
  });
});
