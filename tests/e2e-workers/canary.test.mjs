// The phishing-clone canary on Workers: a copy's beacon is answered as on the native edge, counted
// in the isolate (wrangler dev runs one), and listed on the worker's /stats. (The webhook's delivery
// after the answer is the native edge's contract; its Workers path is the same JSON through fetch.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE } from '../e2e/support.mjs';

const asTeam = { headers: { authorization: `Bearer ${process.env.PREFLIGHT_STATS_TOKEN}` } };

test('a copy\'s beacon is heard by the worker and the copy listed on /stats; a bad beacon is a problem', async () => {
  const beacon = (origin, body) => fetch(BASE + '/api/canary', {
    method: 'POST', body, headers: { 'content-type': 'text/plain;charset=UTF-8', ...(origin && { origin }) },
  });
  assert.equal((await beacon('https://portail-ville.workers-copy.example', 'https://portail-ville.workers-copy.example')).status, 204);
  const bad = await beacon(null, 'not an origin');
  assert.equal(bad.status, 400);
  assert.equal(bad.headers.get('content-type'), 'application/problem+json');

  const page = await fetch(BASE + '/stats?lang=en', asTeam);
  assert.equal(page.status, 200);
  const html = await page.text();
  assert.match(html, /data-origin="https:\/\/portail-ville\.workers-copy\.example"/);
  assert.match(html, /https:\/\/portail-ville\.workers-copy\.example — sightings: 1; first on \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
});
