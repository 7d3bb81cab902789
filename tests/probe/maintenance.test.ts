import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { parseConfig } from '../../config';
import { reportPaths } from '../../contract';
import { maintenanceUntil } from '../../probe/run';

test('the maintenance window is the later of PROBE_MAINTENANCE_UNTIL and the maintenance file, from its announced start; a bad file is a configuration error', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'firewatch-maintenance-'));
  const paths = reportPaths(dir);
  const config = parseConfig({ FIREWATCH_REPORTS_DIR: dir, PROBE_MAINTENANCE_UNTIL: '2026-11-24T06:00:00+01:00' });
  expect(await maintenanceUntil(config, paths)).toEqual({ until: '2026-11-24T05:00:00.000Z' });
  await mkdir(paths.probe.dir, { recursive: true });
  await writeFile(paths.probe.maintenance, '2026-11-24T08:30:00Z\n');
  expect(await maintenanceUntil(config, paths)).toEqual({ until: '2026-11-24T08:30:00.000Z' });
  expect(await maintenanceUntil(parseConfig({ FIREWATCH_REPORTS_DIR: dir }), paths)).toEqual({ until: '2026-11-24T08:30:00.000Z' });
  await writeFile(paths.probe.maintenance, 'after the deploy');
  expect((await maintenanceUntil(config, paths)).error).toMatch(
    /maintenance file .* must hold the window's end as an ISO 8601 time .* it holds "after the deploy"/,
  );
  // A window announced in advance (its start on the second line) mutes nothing before it starts, and everything during.
  await writeFile(paths.probe.maintenance, '2026-11-24T08:30:00Z\n2026-11-24T06:30:00Z\n');
  const unset = parseConfig({ FIREWATCH_REPORTS_DIR: dir });
  expect(await maintenanceUntil(unset, paths, new Date('2026-11-24T06:29:59Z'))).toEqual({});
  expect(await maintenanceUntil(unset, paths, new Date('2026-11-24T06:30:00Z'))).toEqual({ until: '2026-11-24T08:30:00.000Z' });
  await writeFile(paths.probe.maintenance, '2026-11-24T08:30:00Z\ntomorrow morning\n');
  expect((await maintenanceUntil(unset, paths)).error).toMatch(/optionally its start on a second line; it holds/);
  await writeFile(paths.probe.maintenance, '');
  expect(await maintenanceUntil(parseConfig({ FIREWATCH_REPORTS_DIR: dir }), paths)).toEqual({});
});
