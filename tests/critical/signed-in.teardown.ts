import { readFile, rm } from 'node:fs/promises';
import { test as teardown } from '../../fixtures';
import { sessionFiles } from '../../fixtures/paths';
import { sessionMemberSchema } from '../../fixtures/session';

teardown('delete the signed-in member and its session', async ({ config, seedClient }) => {
  const files = sessionFiles(config.reportsDir);
  const text = await readFile(files.member, 'utf8').catch(() => undefined);
  await rm(files.dir, { recursive: true, force: true });
  if (!text || !seedClient) return;
  const member = sessionMemberSchema.parse(JSON.parse(text));
  if (member.id && !member.probeAccount && !config.keepTestData) await seedClient.deleteMember(member.id);
});
