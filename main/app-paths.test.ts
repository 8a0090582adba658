import { describe, expect, it } from 'vitest';
import { dataDir, defaultDbPath, defaultResDir } from './core/app-paths';

describe('dataDir (same folder as Electron app.getPath("userData"))', () => {
  it('Windows: %APPDATA%\\PMU Workstation', () => {
    const from = { platform: 'win32' as const, env: { APPDATA: 'C:\\Users\\jo\\AppData\\Roaming' }, home: 'C:\\Users\\jo' };
    expect(dataDir(from)).toBe('C:\\Users\\jo\\AppData\\Roaming\\PMU Workstation');
    expect(defaultDbPath(from)).toBe('C:\\Users\\jo\\AppData\\Roaming\\PMU Workstation\\pmu.sqlite');
    expect(defaultResDir(from)).toBe('C:\\Users\\jo\\AppData\\Roaming\\PMU Workstation\\RES');
    expect(dataDir({ platform: 'win32', env: {}, home: 'C:\\Users\\jo' })).toBe('C:\\Users\\jo\\AppData\\Roaming\\PMU Workstation');
  });

  it('macOS: ~/Library/Application Support/PMU Workstation', () => {
    expect(dataDir({ platform: 'darwin', env: { XDG_CONFIG_HOME: '/x' }, home: '/Users/jo' })).toBe(
      '/Users/jo/Library/Application Support/PMU Workstation',
    );
  });

  it('Linux: $XDG_CONFIG_HOME or ~/.config, + /PMU Workstation', () => {
    expect(dataDir({ platform: 'linux', env: { XDG_CONFIG_HOME: '/home/jo/cfg' }, home: '/home/jo' })).toBe('/home/jo/cfg/PMU Workstation');
    expect(dataDir({ platform: 'linux', env: {}, home: '/home/jo' })).toBe('/home/jo/.config/PMU Workstation');
    expect(defaultDbPath({ platform: 'linux', env: {}, home: '/home/jo' })).toBe('/home/jo/.config/PMU Workstation/pmu.sqlite');
  });

  it('PMU_DATA_DIR overrides every platform', () => {
    for (const platform of ['win32', 'darwin', 'linux'] as const) {
      expect(dataDir({ platform, env: { PMU_DATA_DIR: '/srv/pmu', APPDATA: 'C:\\x' }, home: '/h' })).toBe('/srv/pmu');
    }
    expect(defaultResDir({ platform: 'linux', env: { PMU_DATA_DIR: '/srv/pmu' }, home: '/h' })).toBe('/srv/pmu/RES');
  });
});
