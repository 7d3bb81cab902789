import { expect, test } from '../../../fixtures';

// In file order, in one worker: two checks of flows that depend on member login, each asking the worker's member to
// sign in. Neither can check its own flow when the member cannot sign in.
test.use({ signedIn: true });

test('the member view is blocked when the member cannot sign in', { tag: ['@critical', '@flow-weather'] }, ({ sessionMember }) => {
  expect(sessionMember.email).toContain('@');
});

test('a check that needs the member is blocked too', { tag: ['@critical', '@flow-member-services'] }, ({ sessionMember }) => {
  expect(sessionMember.email).toContain('@');
});
