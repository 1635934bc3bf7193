import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveLocation } from '../../src/domain/analytics/location';

test('clear city names resolve to coordinates and country', () => {
  const london = resolveLocation('London');
  assert.equal(london?.country, 'GB');
  assert.ok(london && Math.abs(london.lat - 51.5) < 0.1 && Math.abs(london.lon + 0.13) < 0.1);
  assert.equal(resolveLocation('Paris, TX')?.country, 'US');
  assert.equal(resolveLocation('Paris')?.country, 'FR');
  assert.equal(resolveLocation('London, Ontario')?.country, 'CA');
  assert.equal(resolveLocation('NYC')?.name, 'New York City');
  assert.equal(resolveLocation('New York, NY')?.name, 'New York City');
  assert.equal(resolveLocation('Washington, DC')?.country, 'US');
  assert.equal(resolveLocation('Sao Paulo')?.country, 'BR');
  assert.equal(resolveLocation('Springfield, IL')?.country, 'US');
  assert.equal(resolveLocation('Berlin | Germany')?.country, 'DE');
});

test('junk, pronouns, bare countries and ambiguous names stay unresolved', () => {
  for (const s of ['somewhere', 'Earth', 'he/him', 'she/her 🌈', 'Worldwide', 'Home', '🌍✨', '', '   ', 'USA', 'Texas', 'Springfield', 'Portland', 'Manchester', 'in your heart', 'London, France']) {
    assert.equal(resolveLocation(s), null, s);
  }
});
