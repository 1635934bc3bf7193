// The emulator's world dynamics: seeded, courses reach follower counts and tweet authorship, and a
// generator without dynamics is untouched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { World } from '../../src/emulator/world';
import { TweetGenerator } from '../../src/emulator/generator';
import { WorldDynamics } from '../../src/emulator/dynamics';

function run(seed: number, periods: number) {
  const world = new World(seed, 'Acme', 800);
  const before = new Map(world.userIds.map((id) => [id, world.users.get(id)!.public_metrics.followers_count]));
  const dyn = new WorldDynamics(world, seed);
  for (let p = 0; p < periods; p++) dyn.advance();
  return { world, dyn, before };
}

test('same seed, same courses and audiences', () => {
  const a = run(3, 4);
  const b = run(3, 4);
  for (const id of a.world.userIds) {
    assert.equal(a.dyn.course(id), b.dyn.course(id));
    assert.equal(a.world.users.get(id)!.public_metrics.followers_count, b.world.users.get(id)!.public_metrics.followers_count);
  }
});

test('risers gain audience and activity, faders lose them', () => {
  const { world, dyn, before } = run(5, 3);
  const ratio = (course: string) => {
    const rs = world.userIds.filter((id) => dyn.startedAs(id) === course && before.get(id)! > 50)
      .map((id) => world.users.get(id)!.public_metrics.followers_count / before.get(id)!).sort((x, y) => x - y);
    return rs[rs.length >> 1]!;
  };
  assert.ok(ratio('rising') > 1.5, `risers x${ratio('rising')}`);
  assert.ok(ratio('fading') < 0.8, `faders x${ratio('fading')}`);
  const steady = ratio('steady');
  assert.ok(steady > 0.85 && steady < 1.15, `steady x${steady}`);
  const act = (course: string) => world.userIds.filter((id) => dyn.startedAs(id) === course).reduce((s, id) => s + dyn.activity(id), 0) /
    world.userIds.filter((id) => dyn.startedAs(id) === course).length;
  assert.ok(act('rising') > act('fading'));
});

test('the generator draws authors by activity with dynamics, uniformly without', () => {
  const { world, dyn } = run(9, 4);
  const count = (g: TweetGenerator) => {
    const n = new Map<string, number>();
    for (let i = 0; i < 6000; i++) { const t = g.next(0); world.addTweet(t); n.set(t.author_id, (n.get(t.author_id) ?? 0) + 1); }
    return n;
  };
  const risers = world.userIds.filter((id) => dyn.startedAs(id) === 'rising');
  const faders = world.userIds.filter((id) => dyn.startedAs(id) === 'fading');
  const share = (n: Map<string, number>, ids: string[]) => ids.reduce((s, id) => s + (n.get(id) ?? 0), 0) / ids.length;
  const withDyn = count(new TweetGenerator(world, 9, { dynamics: dyn }));
  assert.ok(share(withDyn, risers) > 2 * share(withDyn, faders), 'risers post more');
  const plain = count(new TweetGenerator(world, 9));
  const r = share(plain, risers) / share(plain, faders);
  assert.ok(r > 0.6 && r < 1.6, `without dynamics authorship ignores courses (${r})`);
});
