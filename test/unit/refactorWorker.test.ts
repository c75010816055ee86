// "Add cache_control" refactorings from the analysis worker (src/host/worker.ts through tsx): the worker
// answers from the request model it built for the analysis the caller holds (named by its generation), the
// same fixes as refactoringsAt() in-process on the same text; an older generation gives [] (stale). The
// no worker means no analysis (never a run on the caller's thread); a worker that does not answer in time gives [].
// The .ts worker loads through tsx (the client requires tsx/cjs in it; the test runner's --import tsx is
// inherited by the worker's execArgv).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'path';
import { analyze, refactoringsAt } from '../../src/core/analyze';
import { AnalysisFailed, AnalysisWorkerClient } from '../../src/host/workerClient';
import { anthropic, prose } from './rules/helpers';

const WORKER = path.join(__dirname, '..', '..', 'src', 'host', 'worker.ts');

const body = (tail: string) =>
  anthropic({
    system: [{ type: 'text', text: prose(400) }, { type: 'text', text: 'second block of the system prompt' }],
    messages: [{ role: 'user', content: [{ type: 'text', text: `What is the refund window? ${tail}` }] }],
  });

test('worker refactorings: equal to refactoringsAt() in-process; a stale generation gives []', async () => {
  const client = new AnalysisWorkerClient({ script: WORKER });
  try {
    const text = body('v1');
    const options = { fileName: 'refactor.json' };
    const r1 = await client.analyze('doc', text, options);
    assert.equal(r1.where, 'worker');
    const at = text.indexOf('second block');
    const expected = refactoringsAt(analyze(text, options), at);
    assert.ok(expected && expected.length === 2, JSON.stringify(expected));
    assert.deepEqual(
      expected.map((f) => f.title),
      ['Add cache_control to system block 2', 'Add cache_control (1h) to system block 2'],
    );
    const fixes = await client.refactorings('doc', r1.generation, at);
    assert.deepEqual(fixes, expected);
    // the analysis that crossed the thread carries no model: only the worker can answer
    assert.equal(refactoringsAt(r1.analysis, at), undefined);
    // another offset (the user message) and one outside any block
    const inUser = text.indexOf('refund window');
    assert.deepEqual(await client.refactorings('doc', r1.generation, inUser), refactoringsAt(analyze(text, options), inUser));
    assert.deepEqual(await client.refactorings('doc', r1.generation, 0), []);

    // A newer analysis of the document replaces the worker's model: the old generation is stale.
    const text2 = body('v2');
    const r2 = await client.analyze('doc', text2, options);
    assert.ok(r2.generation > r1.generation);
    const stale0 = client.stats.refactorStale;
    assert.deepEqual(await client.refactorings('doc', r1.generation, at), []);
    assert.equal(client.stats.refactorStale, stale0 + 1);
    assert.deepEqual(await client.refactorings('doc', r2.generation, text2.indexOf('second block')), refactoringsAt(analyze(text2, options), text2.indexOf('second block')));
    // unknown document
    assert.deepEqual(await client.refactorings('other', r2.generation, at), []);

    // Answered between analyses: a refactor request sent while another document's analysis is queued
    // behind a running one does not wait for the queued one.
    const big = body(prose(20000));
    const running = client.analyze('big1', big, options);
    const queued = client.analyze('big2', big + ' ', options);
    const order: string[] = [];
    const fx = client.refactorings('doc', r2.generation, text2.indexOf('second block')).then((f) => {
      order.push('fixes');
      return f;
    });
    void running.then(() => order.push('running'));
    void queued.then(() => order.push('queued'));
    assert.equal((await fx).length, 2);
    await Promise.all([running, queued]);
    assert.ok(order.indexOf('fixes') < order.indexOf('queued'), order.join(' < '));
  } finally {
    client.dispose();
  }
});

test('no worker script: the analysis fails as unavailable, nothing runs in-process, refactorings give []', async () => {
  const client = new AnalysisWorkerClient({ script: '' }); // no worker script
  try {
    await assert.rejects(client.analyze('doc', body('v1'), {}), (e: unknown) => e instanceof AnalysisFailed && e.kind === 'unavailable' && /could not start/.test(e.message));
    assert.equal(client.stats.workerResults, 0);
    assert.deepEqual(await client.refactorings('doc', 1, 0), []);
  } finally {
    client.dispose();
  }
});

test('worker refactorings: no answer within the timeout resolves [] (never rejects)', async () => {
  const client = new AnalysisWorkerClient({ script: WORKER, refactorTimeoutMs: 50 });
  try {
    const text = body('v1');
    const r1 = await client.analyze('doc', text, {});
    // keep the worker busy with a long analysis: the refactor request is answered after it, past 50 ms
    const slow = client.analyze('slow', body(prose(400000)), {});
    const t = performance.now();
    const fixes = await client.refactorings('doc', r1.generation, text.indexOf('second block'));
    const waited = performance.now() - t;
    await slow;
    if (client.stats.refactorTimeouts === 1) {
      assert.deepEqual(fixes, []);
      assert.ok(waited < 1000, `waited ${waited} ms`);
    } else {
      // the machine analyzed 400k paragraphs of prose in under 50 ms: nothing to time out
      assert.equal(fixes.length, 2);
    }
    // dispose settles whatever is pending
    const pending = client.refactorings('doc', r1.generation, 0);
    client.dispose();
    assert.deepEqual(await pending, []);
  } finally {
    client.dispose();
  }
});
