import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { IMPORT_FORMAT_REASONS } from './errors';
import { METERS_CSV_COLUMNS } from './meters';
import { PROFILE_CSV_COLUMNS } from './profile-csv';
import { REGISTERS_CSV_COLUMNS } from './registers-csv';

const DOC = readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/export-formats.md'), 'utf8');

describe('docs/export-formats.md', () => {
  it('documents every error reason in its table', () => {
    const table = DOC.slice(DOC.indexOf('## Reading files back: errors'), DOC.indexOf('## Registers CSV'));
    for (const r of IMPORT_FORMAT_REASONS) expect(table, r).toContain(`| \`${r}\` |`);
  });

  it('lists the columns exactly as the code writes them', () => {
    for (const c of PROFILE_CSV_COLUMNS) expect(DOC).toContain(`| \`${c}\` |`);
    expect(DOC.replace(/\s+/g, ' ')).toContain(`\`${REGISTERS_CSV_COLUMNS.join(', ')}\``);
    expect(DOC.replace(/\s+/g, ' ')).toContain(`CSV columns \`${METERS_CSV_COLUMNS.join(', ')}\``);
  });
});
