import { api, expect, test } from './portalServer';

test.describe('latency jitter for soak tests', () => {
  test.use({ portalOptions: { latencyMs: [300, 400] } });

  test('every page and API answer is delayed by at least the minimum; the admin API still answers', async ({ running }) => {
    const timed = async (path: string, init?: RequestInit) => {
      const started = performance.now();
      const response = await fetch(`${running.url}${path}`, init);
      await response.arrayBuffer();
      return { status: response.status, ms: performance.now() - started };
    };
    for (const path of ['/', '/healthz', '/api/preise', '/wetter?plz=01067']) {
      const answer = await timed(path);
      expect(answer.status, `${path} answers`).toBe(200);
      expect(answer.ms, `${path} is delayed by at least the minimum latency`).toBeGreaterThanOrEqual(295);
    }
    expect((await api(running.url, '/api/admin/faults')).status, 'admin API answers under jitter').toBe(200);
  });
});
