import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, it, expect } from 'vitest';
import { CONTENT_SECURITY_POLICY } from './csp';
import { MAX_UPLOAD_BYTES } from '../../../contract';
import { attachmentHeader, DOWNLOAD_TOKEN, DownloadRegistry } from './downloads';
import { bodyLimit, MAX_BODY_BYTES, startHttpServer, type RunningServer } from './server';
import { fakeWatcher } from '../testing/fake-files';
import { fakeContext, fakeServices, type FakeServices } from '../testing/fakes';

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

/** This test tab's bearer token (exchanged from the launch URL's token in beforeEach). */
let bearer = '';

function call(url: string, name: string, args: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  return send(url, {
    method: 'POST',
    path: `/api/call/${name}`,
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${bearer}`, ...headers },
    body: JSON.stringify(args),
  });
}

/** `POST /api/session {launch}` as the page does with the launch URL's token. */
async function exchange(url: string, launch: unknown): Promise<Answer> {
  return send(url, { method: 'POST', path: '/api/session', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ launch }) });
}

let staticDir: string;
let dataDir: string;
let server: RunningServer;
let services: FakeServices;
let watcherLog: string[];

beforeEach(async () => {
  staticDir = mkdtempSync(path.join(tmpdir(), 'pmu-static-'));
  dataDir = mkdtempSync(path.join(tmpdir(), 'pmu-data-'));
  watcherLog = [];
  mkdirSync(path.join(staticDir, 'assets'));
  writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>PMU</title>');
  writeFileSync(path.join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(path.join(staticDir, '.secret.js'), 'hidden');
  services = fakeServices();
  server = await startHttpServer({
    ctx: fakeContext(dataDir),
    staticDir,
    services,
    checkResults: true,
    log: () => undefined,
    createWatcher: (emit) => ({
      ...fakeWatcher(),
      start: () => {
        watcherLog.push('start');
        emit('watchEvent', { folderId: 1, message: 'Scanned /in: no new files', imported: 0 }, { kind: 'permission', permission: 'readings.view' });
      },
      stop: async () => {
        watcherLog.push('stop');
      },
    }),
  });
  const launch = new URL(server.launchUrl).searchParams.get('launch');
  bearer = (JSON.parse((await exchange(server.url, launch)).body) as { result: { token: string } }).result.token;
});

afterEach(async () => {
  await server.close();
  rmSync(staticDir, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
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
    const notJson = await send(server.url, { method: 'POST', path: '/api/call/appInfo', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${bearer}` }, body: '{oops' });
    expect(notJson.status).toBe(400);
  });

  it('refuses requests another web site could make through the browser', async () => {
    const textPlain = await send(server.url, { method: 'POST', path: '/api/call/listPorts', headers: { 'Content-Type': 'text/plain', Authorization: `Bearer ${bearer}` }, body: '{}' });
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
    const stream = request({ host: base.hostname, port: base.port, path: `/api/events?session=${bearer}` });
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

  it('runs the folder watcher for its lifetime: started after listen, stopped on close', async () => {
    expect(watcherLog).toEqual(['start']);
    await server.close();
    expect(watcherLog).toEqual(['start', 'stop']);
    server = await startHttpServer({ ctx: fakeContext(dataDir), staticDir, services }); // for afterEach
  });

  it('accepts uploads up to the import limit, other calls only up to 64 KiB', async () => {
    const upload = Buffer.alloc(300_000, 65).toString('base64');
    const ok = await call(server.url, 'importFiles', { jobId: 'big', files: [{ name: 'big.RES', contentBase64: upload }] });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toMatchObject({ ok: true, result: { files: 1, imported: 1 } });
    const tooBig = await call(server.url, 'listPorts', { pad: 'x'.repeat(MAX_BODY_BYTES) });
    expect(tooBig.status).toBe(413);
    expect(JSON.parse(tooBig.body)).toMatchObject({ ok: false, error: { message: expect.stringContaining('too large') } });
    expect(bodyLimit('importFiles')).toBeGreaterThan(MAX_UPLOAD_BYTES * 4 / 3);
  });

  it('serves an export once written as an attachment, behind the same host checks', async () => {
    const reply = JSON.parse((await call(server.url, 'exportReadings', { format: 'csv' })).body) as { ok: true; result: { downloadUrl: string; fileName: string; path: string } };
    const { downloadUrl, fileName, path: file } = reply.result;
    expect(downloadUrl).toMatch(/^api\/download\/[A-Za-z0-9_-]{32}$/);
    expect(path.dirname(file)).toBe(path.join(dataDir, 'exports'));
    const got = await send(server.url, { path: `/${downloadUrl}` });
    expect(got.status).toBe(200);
    expect(got.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(got.headers['content-disposition']).toBe(`attachment; filename="${fileName}"; filename*=UTF-8''${fileName}`);
    expect(got.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(got.body).toContain('1.8.0 [kWh]');
    expect((await send(server.url, { method: 'HEAD', path: `/${downloadUrl}` })).status).toBe(200);
    // Short-lived, not one-time: a second click works; a made-up or malformed token does not.
    expect((await send(server.url, { path: `/${downloadUrl}` })).status).toBe(200);
    for (const bad of [`/api/download/${'A'.repeat(32)}`, '/api/download/..%2F..%2Fpmu.sqlite', '/api/download/']) {
      const res = await send(server.url, { path: bad });
      expect(res.status, bad).toBe(404);
    }
    const rebound = await send(server.url, { path: `/${downloadUrl}`, headers: { Host: `evil.example:${new URL(server.url).port}` } });
    expect(rebound.status).toBe(421);
    const foreign = await send(server.url, { path: `/${downloadUrl}`, headers: { Origin: 'https://evil.example' } });
    expect(foreign.status).toBe(403);
  });
});

describe('download registry', () => {
  it('offers only files inside its folder, for a limited time', () => {
    let now = 1_000;
    const reg = new DownloadRegistry('/data/exports', { ttlMs: 500, now: () => now });
    const url = reg.offer('/data/exports/a.csv', 'a.csv');
    const token = url.replace('api/download/', '');
    expect(token).toMatch(DOWNLOAD_TOKEN);
    expect(reg.lookup(token)).toMatchObject({ file: path.resolve('/data/exports/a.csv'), fileName: 'a.csv' });
    now += 499;
    expect(reg.lookup(token)).not.toBeNull();
    now += 1;
    expect(reg.lookup(token)).toBeNull();
    expect(() => reg.offer('/data/exports/../pmu.sqlite', 'x')).toThrow(/outside/);
    expect(() => reg.offer('/etc/passwd', 'x')).toThrow(/outside/);
    expect(reg.offer('/data/exports/b.csv', 'b.csv')).not.toBe(reg.offer('/data/exports/b.csv', 'b.csv'));
  });

  it('names the attachment safely', () => {
    expect(attachmentHeader('readings "x".csv')).toBe(`attachment; filename="readings _x_.csv"; filename*=UTF-8''readings%20%22x%22.csv`);
    expect(attachmentHeader('Zähler.csv')).toBe(`attachment; filename="Z_hler.csv"; filename*=UTF-8''Z%C3%A4hler.csv`);
  });
});
