/**
 * Browser mode's connection tokens and sign-in over HTTP: the launch token, one bearer per tab, 401 without it
 * (calls and the event stream), sign-in bound to the tab, and only loopback addresses.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addRoleUsers, CHEAP_SCRYPT, passwordOf } from '../../auth/test-helpers';
import { BrowserSessions, NO_SESSION_MESSAGE } from './browser-sessions';
import { startHttpServer, type RunningServer } from './server';
import { fakeContext, fakeServices } from '../testing/fakes';

interface Answer {
  status: number;
  body: string;
}

function send(url: string, opts: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<Answer> {
  const base = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: base.hostname, port: base.port, method: opts.method ?? 'GET', path: opts.path, headers: opts.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      if (res.headers['content-type']?.startsWith('text/event-stream')) {
        resolve({ status: res.statusCode ?? 0, body: '' });
        req.destroy();
      }
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

const json = { 'Content-Type': 'application/json' };
let server: RunningServer;
let dataDir: string;

async function newTab(launch = new URL(server.launchUrl).searchParams.get('launch')): Promise<string> {
  const a = await send(server.url, { method: 'POST', path: '/api/session', headers: json, body: JSON.stringify({ launch }) });
  expect(a.status).toBe(201);
  return (JSON.parse(a.body) as { result: { token: string } }).result.token;
}

async function call(token: string | null, name: string, args: unknown = {}): Promise<{ status: number; reply: { ok: boolean; result?: unknown; error?: { code: string; message: string } } }> {
  const headers: Record<string, string> = { ...json, ...(token ? { Authorization: `Bearer ${token}` } : {}) };
  const a = await send(server.url, { method: 'POST', path: `/api/call/${name}`, headers, body: JSON.stringify(args) });
  return { status: a.status, reply: JSON.parse(a.body) as never };
}

beforeEach(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'pmu-http-auth-'));
  const staticDir = path.join(dataDir, 'ui');
  mkdirSync(staticDir);
  writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>PMU</title>');
  server = await startHttpServer({ ctx: fakeContext(dataDir), staticDir, services: fakeServices(), checkResults: true, log: () => undefined, access: { scrypt: CHEAP_SCRYPT } });
});

afterEach(async () => {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('browser-mode tokens', () => {
  it('announces a launch URL on 127.0.0.1 carrying a random token', () => {
    expect(server.launchUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?launch=[A-Za-z0-9_-]{43}$/);
    expect(server.launchUrl.startsWith(server.url)).toBe(true);
  });

  it('refuses calls and the event stream without a valid bearer (401, plain message), the UI files stay public', async () => {
    for (const token of [null, 'x'.repeat(43), 'not a token']) {
      const { status, reply } = await call(token, 'appInfo');
      expect(status).toBe(401);
      expect(reply).toEqual({ ok: false, error: { code: 'NO_SESSION', message: NO_SESSION_MESSAGE } });
    }
    expect((await send(server.url, { path: '/api/events' })).status).toBe(401);
    expect((await send(server.url, { path: '/api/events?session=abc' })).status).toBe(401);
    const token = await newTab();
    expect((await send(server.url, { path: `/api/events?session=${token}` })).status).toBe(200);
    expect((await send(server.url, { path: '/' })).status).toBe(200);
  });

  it('exchanges only the launch token, for a new bearer per tab', async () => {
    for (const launch of ['wrong', 'A'.repeat(43), 42, null]) {
      const a = await send(server.url, { method: 'POST', path: '/api/session', headers: json, body: JSON.stringify({ launch }) });
      expect(a.status).toBe(401);
    }
    expect((await send(server.url, { method: 'POST', path: '/api/session', headers: { 'Content-Type': 'text/plain' }, body: '{}' })).status).toBe(415);
    const a = await newTab();
    const b = await newTab();
    expect(a).not.toBe(b);
    expect((await call(a, 'appInfo')).reply.ok).toBe(true);
    expect((await call(b, 'appInfo')).reply.ok).toBe(true);
  });

  it('binds a signed-in user to the tab: another tab is not signed in; sign-out ends it', async () => {
    await addRoleUsers(server.access.ctx.db);
    const a = await newTab();
    const b = await newTab();
    expect((await call(a, 'listReadings')).reply).toMatchObject({ ok: false, error: { code: 'SIGN_IN_REQUIRED' } });
    expect((await call(a, 'auth.signIn', { username: 'engineer', password: 'wrong password' })).reply).toMatchObject({ ok: false, error: { code: 'SIGN_IN_FAILED' } });
    expect((await call(a, 'auth.signIn', { username: 'engineer', password: passwordOf('engineer') })).reply).toMatchObject({ ok: true, result: { user: { username: 'engineer' } } });
    expect((await call(a, 'listReadings')).reply.ok).toBe(true);
    expect((await call(b, 'listReadings')).reply).toMatchObject({ ok: false, error: { code: 'SIGN_IN_REQUIRED' } });
    expect((await call(a, 'users.list')).reply).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: 'Engineers cannot see the user list. Ask an auditor.' } });
    expect((await call(a, 'auth.signOut')).reply).toMatchObject({ ok: true, result: { user: null } });
    expect((await call(a, 'listReadings')).reply).toMatchObject({ ok: false, error: { code: 'SIGN_IN_REQUIRED' } });
  });

  it('an auditor exports the audit trail as a signed bundle through the download link', async () => {
    await addRoleUsers(server.access.ctx.db);
    const t = await newTab();
    await call(t, 'auth.signIn', { username: 'auditor', password: passwordOf('auditor') });
    const { reply } = await call(t, 'audit.exportBundle');
    expect(reply).toMatchObject({ ok: true, result: { records: expect.any(Number), downloadUrl: expect.stringMatching(/^api\/download\//) } });
    const got = await send(server.url, { path: `/${(reply.result as { downloadUrl: string }).downloadUrl}` });
    expect(got.status).toBe(200);
    expect(JSON.parse(got.body)).toMatchObject({ format: 'pmu-audit-bundle', version: 2 });
    expect(readdirSync(path.join(dataDir, 'exports')).some((f) => f.endsWith('.pmu-audit.json'))).toBe(true);
    expect(readFileSync(path.join(dataDir, 'exports', readdirSync(path.join(dataDir, 'exports'))[0]!), 'utf8')).toContain('"auth.signedIn"');
  });
});

describe('browser session registry', () => {
  it('forgets a tab after its idle time and tells who to sign out', () => {
    let now = 0;
    const ended: string[] = [];
    const reg = new BrowserSessions({ now: () => now, idleMs: 1000, onEnd: (id) => ended.push(id) });
    const t = reg.exchange(reg.launchToken)!;
    const id = reg.check(t);
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    now = 999;
    expect(reg.check(t)).toBe(id);
    now = 1999;
    expect(reg.check(t)).toBeNull();
    expect(ended).toEqual([id]);
  });
});
