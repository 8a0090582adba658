/**
 * `pmu audit anchor`, `verify --anchor` and `acknowledge-break` as child processes (issue 11): an anchor kept
 * elsewhere catches the tail cut with its heads; a broken chain stops state-changing commands with a plain message
 * until the administrator at the computer acknowledges it. Setup mode (no users) keeps the runs short.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorLines, pmu, type Run } from './testing/run-pmu';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'pmu-anchor-cli-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const run = (args: string[]): Promise<Run> => pmu(args, tmp, { PMU_USER: undefined, PMU_PASSWORD: undefined }).done;
const store = () => new BetterSqlite3(path.join(tmp, 'data', 'pmu.sqlite'));

describe('pmu audit anchor / verify --anchor / acknowledge-break', () => {
  it('an anchor proves a cut; a broken chain refuses changes until acknowledged', async () => {
    const anchor = path.join(tmp, 'anchor.json');
    const a = await run(['audit', 'anchor', '--out', anchor]);
    expect(a.code).toBe(0);
    expect(a.stdout).toMatch(/^Wrote the signed head of record 1 \(/);
    expect(JSON.parse(readFileSync(anchor, 'utf8'))).toMatchObject({ format: 'pmu-audit-anchor', version: 1, head: { seq: 1, prevSeq: 0 } });
    const csv = path.join(tmp, 'trail.csv');
    expect((await run(['audit', 'export', '--out', csv])).code).toBe(0);
    expect(readFileSync(csv, 'utf8')).toMatch(/\r\nsigned-head,[^\r\n]*"\{""format"":""pmu-audit-anchor""/);

    const ok = await run(['audit', 'verify', '--anchor', csv]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/It extends the anchor of record 2 .*nothing was cut or rewritten since/);

    // The tail cut together with its heads: nothing inside the store shows it; the anchor does.
    const db = store();
    db.exec('DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq >= 2; DELETE FROM audit_heads WHERE seq >= 2;');
    db.close();
    const cut = await run(['audit', 'verify', '--anchor', csv]);
    expect(cut.code).toBe(1);
    expect(cut.stdout).toMatch(/^The audit trail is NOT intact\. The audit trail was cut: the anchor signed \S+ covers record 2, but the trail now ends at record 1\./);

    // A record edited in place: the next command that records something is refused, nothing changes.
    const db2 = store();
    db2.exec("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET username = 'mallory' WHERE seq = 1;");
    db2.close();
    const refused = await run(['audit', 'anchor', '--out', path.join(tmp, 'a2.json')]);
    expect(refused.code).toBe(1);
    expect(errorLines(refused.stderr)[0]).toMatch(/^pmu: The audit trail is broken, so the workstation refused to record this action and changed nothing: record 1 is not the record its signed head/);
    const ack = await run(['audit', 'acknowledge-break', '--reason', 'edited by a test on purpose']);
    expect(ack.code).toBe(0);
    expect(ack.stdout).toMatch(/^Acknowledged: record 1 is not the record its signed head/);
    expect((await run(['audit', 'anchor', '--out', path.join(tmp, 'a3.json')])).code).toBe(0);
    const still = await run(['audit', 'verify']);
    expect(still.code).toBe(1);
    expect(still.stdout).toMatch(/Note: .*refused to record "audit.exported"/);
  }, 120_000);
});
