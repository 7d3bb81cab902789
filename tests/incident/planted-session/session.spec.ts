import { expect, test } from '../../../fixtures';

// In file order, in one worker: a member view that is skipped when the member cannot sign in, then a check that
// needs the member and fails. Both ask the worker's member to sign in.
test.describe('the member view', () => {
  test.use({ signedIn: true, skipWithoutSignIn: true });

  test('is skipped when the member cannot sign in', { tag: ['@critical', '@flow-weather'] }, async ({ sessionMember }) => {
    expect(sessionMember.email).toContain('@');
  });
});

test.describe('a check that needs the member', () => {
  test.use({ signedIn: true });

  test('fails when the member cannot sign in', { tag: ['@critical', '@flow-member-services'] }, async ({ sessionMember }) => {
    expect(sessionMember.email).toContain('@');
  });
});
