import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, it, expect } from 'vitest';
import { CONTENT_SECURITY_POLICY } from './csp';
import { startHttpServer, type RunningServer } from './http-server';
import { fakeContext, fakeServices, type FakeServices } from './testing/fakes';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Raw HTTP request (node:http lets us set Host and Origin, which fetch does not). */
function send(url: string, opts: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<Answer> {
  const base = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: base.hostname, port: base.port, method: opts.method ?? 'GET', path: opts.path, headers: opts.headers },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

function call(url: string, name: string, args: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  return send(url, {
    method: 'POST',
    path: `/api/call/${name}`,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(args),
  });
}

let staticDir: string;
let server: RunningServer;
let services: FakeServices;

beforeEach(async () => {
  staticDir = mkdtempSync(path.join(tmpdir(), 'pmu-static-'));
  mkdirSync(path.join(staticDir, 'assets'));
  writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>PMU</title>');
  writeFileSync(path.join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(path.join(staticDir, '.secret.js'), 'hidden');
  services = fakeServices();
  server = await startHttpServer({ ctx: fakeContext(), staticDir, services, checkResults: true, log: () => undefined });
});

afterEach(async () => {
  await server.close();
  rmSync(staticDir, { recursive: true, force: true });
});

describe('browser-mode HTTP server', () => {
  it('listens on 127.0.0.1 only and refuses other addresses', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    await expect(startHttpServer({ ctx: fakeContext(), staticDir, services, host: '0.0.0.0' })).rejects.toThrow(/only listens on this computer/);
  });

  it('serves the UI with the strict CSP and right content types', async () => {
    const page = await send(server.url, { path: '/' });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-(inline|eval)/);
    expect(page.body).toContain('<title>PMU</title>');
    const js = await send(server.url, { path: '/assets/app.js' });
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
  });

  it('does not serve files outside the UI folder or hidden files', async () => {
    for (const p of ['/%2e%2e/%2e%2e/etc/passwd', '/..%2fpackage.json', '/.secret.js', '/assets/..%5c..%5cx.js', '/nope.js']) {
      expect((await send(server.url, { path: p })).status, p).toBe(404);
    }
  });

  it('answers calls with the contract reply envelope', async () => {
    const answer = await call(server.url, 'appInfo', {});
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ ok: true, result: { mode: 'browser', version: '9.8.7' } });
  });

  it('refuses unknown calls and invalid arguments with plain messages', async () => {
    const unknown = await call(server.url, 'formatDisk', {});
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CALL' } });
    const bad = await call(server.url, 'getReading', { id: 'seven' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { code: 'BAD_ARGUMENTS', message: expect.stringMatching(/^The request "getReading" was not valid: id/) } });
    const notJson = await send(server.url, { method: 'POST', path: '/api/call/appInfo', headers: { 'Content-Type': 'application/json' }, body: '{oops' });
    expect(notJson.status).toBe(400);
  });

  it('refuses requests another web site could make through the browser', async () => {
    const textPlain = await send(server.url, { method: 'POST', path: '/api/call/listPorts', headers: { 'Content-Type': 'text/plain' }, body: '{}' });
    expect(textPlain.status).toBe(415);
    const foreign = await call(server.url, 'listPorts', {}, { Origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    const sameOrigin = await call(server.url, 'listPorts', {}, { Origin: server.url.replace(/\/$/, '') });
    expect(sameOrigin.status).toBe(200);
    // DNS rebinding: a foreign name resolving to 127.0.0.1 carries its own Host header.
    const rebound = await send(server.url, { path: '/', headers: { Host: `evil.example:${new URL(server.url).port}` } });
    expect(rebound.status).toBe(421);
  });

  it('streams read progress as Server-Sent Events', async () => {
    const base = new URL(server.url);
    const received: string[] = [];
    let sawProgress: () => void = () => undefined;
    const progressSeen = new Promise<void>((r) => (sawProgress = r));
    const stream = request({ host: base.hostname, port: base.port, path: '/api/events' });
    const connected = new Promise<string | undefined>((resolve) => {
      stream.on('response', (res) => {
        resolve(res.headers['content-type']);
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          received.push(chunk);
          if (received.join('').includes('"step":"data-readout"')) sawProgress();
        });
      });
    });
    stream.end();
    expect(await connected).toBe('text/event-stream; charset=utf-8');

    const reading = call(server.url, 'readMeter', { jobId: 'sse-1', port: 'emulator' });
    await services.started;
    await progressSeen;
    services.release();
    expect(JSON.parse((await reading).body)).toMatchObject({ ok: true, result: { readingId: 7 } });
    stream.destroy();

    const frames = received.join('').split('\n\n').filter((f) => f.startsWith('event: readProgress'));
    const first = frames[0]?.split('\n');
    expect(first?.[0]).toBe('event: readProgress');
    expect(JSON.parse(first?.[1]?.replace(/^data: /, '') ?? 'null')).toMatchObject({ jobId: 'sse-1', progress: { step: 'open-port', baud: 300 } });
  });
});
