import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { DefinitionFileError, type LoadedDefinitionFile, parseDefinitionFile } from '../../meter-definitions';
import type { AppContext } from '../core/context';

/**
 * User meter definition files of a workstation (meter-definitions/file.ts): `*.meter.json` in the data directory's
 * `meter-definitions/` folder, loaded for every reading and programming job, so a utility that holds the maker's
 * documentation confirms or corrects a layout without a new release (docs/meter-definitions.md). A file that is not
 * valid is reported with its plain errors (naming the field) and not used.
 */

/** The data directory of a context (the folder of its store), or null for an in-memory store. */
export function dataDirOf(ctx: Pick<AppContext, 'dbPath'>): string | null {
  return ctx.dbPath === ':memory:' ? null : path.dirname(ctx.dbPath);
}

/** Folder of the definition files of a data directory. */
export function definitionsDir(dataDir: string): string {
  return path.join(dataDir, 'meter-definitions');
}

/** The definition files of a data directory: the valid ones, and a plain problem per invalid one. */
export interface LoadedDefinitions {
  readonly files: LoadedDefinitionFile[];
  readonly problems: DefinitionFileError[];
}

/**
 * Load `<dataDir>/meter-definitions/*.meter.json` in name order (a missing folder = none). Never throws: a file that
 * cannot be read or parsed is a problem.
 */
export function loadMeterDefinitions(dataDir: string | null): LoadedDefinitions {
  const out: LoadedDefinitions = { files: [], problems: [] };
  if (dataDir === null) return out;
  const dir = definitionsDir(dataDir);
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.meter.json')).sort();
  } catch {
    return out;
  }
  for (const name of names) {
    try {
      out.files.push(parseDefinitionFile(readFileSync(path.join(dir, name), 'utf8'), name));
    } catch (e) {
      out.problems.push(e instanceof DefinitionFileError ? e : new DefinitionFileError(name, [`it could not be read (${e instanceof Error ? e.message : String(e)})`]));
    }
  }
  return out;
}
