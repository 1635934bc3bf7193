// The API's one error shape: each kind of domain error gets its status and { error: { code,
// message } }; "unavailable" (the conversation did not take an action in time) also says when
// to send it again, so a client's retry needs no guessing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { DomainError, type DomainErrorKind } from '../../src/errors';
import { STATUS_OF, UNAVAILABLE_RETRY_AFTER_S, errorHandler } from '../../src/api/errors';

test('domain errors map to their status and body; 503 carries Retry-After', async () => {
  const app = express();
  app.get('/:kind', (req) => { throw new DomainError(req.params.kind as DomainErrorKind, `c_${req.params.kind}`, `m ${req.params.kind}`); });
  app.use(errorHandler);
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  try {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    for (const kind of Object.keys(STATUS_OF) as DomainErrorKind[]) {
      const r = await fetch(`${base}/${kind}`);
      assert.equal(r.status, STATUS_OF[kind], kind);
      assert.deepEqual(await r.json(), { error: { code: `c_${kind}`, message: `m ${kind}` } });
      assert.equal(r.headers.get('retry-after'), kind === 'unavailable' ? String(UNAVAILABLE_RETRY_AFTER_S) : null, kind);
    }
  } finally {
    server.close();
  }
});
