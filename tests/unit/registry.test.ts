import { expect, test } from '@playwright/test';
import { FLOWS, flowIdFromTags, getFlow } from '../../flows';
import { parseRegistry } from '../../flows/schema';

const entry = (id: string, dependsOn: string[] = []) => ({
  id,
  title: `Flow ${id}`,
  capability: `Capability ${id}`,
  impact: 'Members cannot do the thing.',
  severity: 'SEV-2',
  effectSeverity: { wrong: 'SEV-2', degraded: 'SEV-3' },
  owner: 'Team',
  runbook: 'https://runbooks.example.org/x',
  dependsOn,
  probe: 'read-only',
  statusMessage: 'We are working on it and will post an update.',
  members: {
    name: `Bereich ${id}`,
    down: 'Dieser Bereich ist zurzeit nicht verfügbar.',
    degraded: 'Dieser Bereich ist zurzeit eingeschränkt.',
    wrong: 'Dieser Bereich zeigt zurzeit fehlerhafte Angaben.',
  },
});

test("the registry holds the portal's five critical flows, each depending on availability", () => {
  expect(FLOWS.map((flow) => flow.id)).toEqual(['availability', 'member-login', 'member-services', 'diesel-order', 'weather']);
  expect(getFlow('diesel-order')).toMatchObject({ severity: 'SEV-1', dependsOn: ['member-login'] });
  expect(() => getFlow('payroll')).toThrow(/Unknown flow "payroll"; the registry knows: availability/);
});

test('tests link to flows by tag', () => {
  expect(flowIdFromTags(['@critical', '@flow-weather'])).toBe('weather');
  expect(flowIdFromTags(['@critical', '@flow-unknown'])).toBeUndefined();
});

test('a malformed registry is refused at load', () => {
  expect(() => parseRegistry([{ ...entry('Diesel_Order') }])).toThrow(/kebab-case/);
  expect(() => parseRegistry([{ ...entry('a'), severity: 'SEV-0' }])).toThrow();
  expect(() => parseRegistry([entry('a'), entry('a')])).toThrow(/duplicate flow id "a"/);
  expect(() => parseRegistry([entry('a', ['b'])])).toThrow(/"a" depends on unknown flow "b"/);
  expect(() => parseRegistry([entry('a', ['b']), entry('b', ['a'])])).toThrow(/dependency cycle a → b → a/);
});

test('every flow has German wording for members: a name of their own and a message per effect', () => {
  expect(FLOWS.map((flow) => flow.members.name)).toEqual(['Portal', 'Anmeldung', 'Mitgliederbereich', 'Dieselbestellung', 'Wetter']);
  for (const flow of FLOWS) {
    for (const effect of ['down', 'degraded', 'wrong'] as const) {
      const message = flow.members[effect];
      expect(message, `${flow.id} ${effect}`).not.toContain(flow.id);
      expect(message, `${flow.id} ${effect} is German`).toMatch(/\b(zurzeit|Sie|wir)\b/);
      expect(message, `${flow.id} ${effect} names no English capability`).not.toContain(flow.capability);
    }
  }
  const { members } = entry('a');
  expect(() => parseRegistry([{ ...entry('a'), members: undefined }])).toThrow(/members/);
  expect(() => parseRegistry([{ ...entry('a'), members: { ...members, down: 'Kaputt.' } }])).toThrow(/down/);
  expect(() => parseRegistry([{ ...entry('a'), members: { ...members, wrong: '<b>Fehler</b> im Bereich, bitte warten.' } }])).toThrow(
    /plain text/,
  );
  expect(() => parseRegistry([{ ...entry('a'), members: { ...members, flowId: 'a' } }])).toThrow();
  expect(() => parseRegistry([entry('a'), { ...entry('b'), members: { ...entry('b').members, name: members.name } }])).toThrow(
    /"b" has the members' name "Bereich a" of another flow/,
  );
});
