/**
 * Browser mode's start (serve.ts) closes the programming jobs a stopped workstation left running, before it answers:
 * a store on disk with a job whose process is gone, then `serveBrowserMode` on it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { newScheme } from '../../../schemes/model';
import { selectAudit } from '../../audit/store';
import { createAppContext } from '../../services/app-context';
import { importSchemeForProgram, stageProgram } from '../../services/program-records';
import { openDatabase } from '../../store/db';
import { ABANDONED_JOB_ERROR, startProgrammingJob } from '../../store/programming-jobs';
import { getStagedProgram } from '../../store/staging';
import { serveBrowserMode } from './serve';

const dirs: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('serveBrowserMode', () => {
  it('closes jobs left running by a stopped workstation before serving', async () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'pmu-serve-'));
    dirs.push(tmp);
    const dbPath = path.join(tmp, 'pmu.sqlite');
    const before = createAppContext({ dbPath, timeZone: 'Europe/Berlin' });
    const stored = importSchemeForProgram(before, newScheme('DN', 'Day/night', 'A1140', 'Europe/Berlin'));
    const meter = { serial: '12345678', ctRatio: null, vtRatio: null, passwordLevel: 3, site: '', customer: '', timeZone: 'Europe/Berlin' };
    const staged = stageProgram(before, { schemeStoreId: stored.schemeStoreId, schemeVersion: stored.version, meter, status: 'approved' });
    const dead = 2 ** 22 + 777; // above Linux's pid_max: no such process
    const jobId = startProgrammingJob(before.db, { stagedId: staged.id, meterSerial: meter.serial, port: 'COM3', operator: 'eng', startedUtc: new Date().toISOString(), owner: { host: os.hostname(), pid: dead } });
    before.db.close();

    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const server = await serveBrowserMode({ dbPath, port: 0, staticDir: tmp });
    await server.close();
    expect(logged.mock.calls.map((c) => String(c[0]))).toContainEqual(expect.stringMatching(new RegExp(`^pmu: programming job ${jobId} .* was left unfinished`)));

    const db = openDatabase(dbPath);
    try {
      expect(db.prepare('SELECT status, error FROM programming_jobs WHERE id = ?').get(jobId)).toEqual({ status: 'failed', error: ABANDONED_JOB_ERROR });
      expect(getStagedProgram(db, staged.id).status).toBe('partially-programmed');
      expect(selectAudit(db, { action: 'program.uploadFailed' })).toEqual([expect.objectContaining({ role: 'system', meterSerial: '12345678', traceRef: `job:${jobId}` })]);
    } finally {
      db.close();
    }
  });
});
