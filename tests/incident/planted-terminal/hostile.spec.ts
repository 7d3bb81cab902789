import { expect, test } from '@playwright/test';
import { HOSTILE_TEXT } from '../../support/hostile-proxy';

// What a target's page could say, as a check's error and the worker's log print it: control sequences, and the
// probe password the suite itself typed into a form the page echoes back.
const answer = `Wartungsarbeiten ${HOSTILE_TEXT} Passwort ${process.env.PROBE_PASSWORD} Ende der Antwort`;

test('the weather page shows the forecast', () => {
  console.log(`Seite sagt: ${answer}`);
  expect(answer, 'what the page showed').toBe('Wettervorhersage für Ihren Hof');
});
