import { expect } from '@playwright/test';
import { readIncident, readSummary } from '../../contract';
import { createPortal } from '../../portal/app';
import { runPlantedAsync, test } from './planted-run';

const SEED_TOKEN = 'planted-session-token';

test('checks blocked by a sign-in that keeps failing are skipped and blamed on member login; the same seeded member is tried again and deleted at the end', async ({
  reportsDir,
}) => {
  const portal = createPortal({ mode: 'development', seedToken: SEED_TOKEN, faults: ['login-broken'] });
  const server = await portal.start(0, '127.0.0.1');
  try {
    const before = portal.store.memberCount();
    const seeded: string[] = [];
    const upsert = portal.store.upsertMember.bind(portal.store);
    portal.store.upsertMember = (input) => {
      seeded.push(input.email);
      return upsert(input);
    };
    const run = await runPlantedAsync('planted-session', {
      BASE_URL: server.url,
      SEED_TOKEN,
      TARGET_ENV: 'local',
      FIREWATCH_REPORTS_DIR: reportsDir,
    });
    // Playwright itself sees two skipped tests; the verdict is the summary's (what `npm run smoke` exits with).
    expect(run.output).toContain('2 skipped');
    expect(seeded, 'one member seeded for the worker, signed in again by the second test').toHaveLength(1);
    expect(portal.store.memberCount(), 'no seeded member left on the target').toBe(before);

    // Both checks are skipped as blocked, not failed (a failed check would end the worker and run its retry for
    // nothing); with no member-login check in the run, the sign-in failure is member-login's, and the run fails.
    const summary = await readSummary(reportsDir);
    expect(summary.verdict).toBe('failed');
    expect(summary.flows.map(({ id, status, blockedBy, errorClass }) => ({ id, status, blockedBy, errorClass }))).toEqual([
      { id: 'member-login', status: 'failed', blockedBy: undefined, errorClass: 'http-5xx' },
      { id: 'member-services', status: 'skipped', blockedBy: 'member-login', errorClass: null },
      { id: 'weather', status: 'skipped', blockedBy: 'member-login', errorClass: null },
    ]);
    const incident = await readIncident(reportsDir);
    expect(incident?.incident.rootCauses.map((cause) => [cause.flowId, [...cause.affected].sort()])).toEqual([
      ['member-login', ['member-services', 'weather']],
    ]);
    expect(incident?.markdown).toMatch(/Sign-in for the signed-in flows failed: POST \S+\/anmelden answered 500/);
  } finally {
    await portal.stop();
  }
});
