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
