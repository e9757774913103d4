// A worker thread of SignaturePool: verifies DSSE envelope signatures with @jmm/core's verifyEnvelope, the same
// check the sequencer makes, one batch per message.
import { parentPort } from 'node:worker_threads';
import { verifyEnvelope } from '@jmm/core';
import type { SignatureBatch, SignatureBatchResult } from './signature-pool.ts';

const port = parentPort!;
port.on('message', (batch: SignatureBatch) => {
  void (async () => {
    const valid: boolean[] = [];
    for (const job of batch.jobs) {
      try {
        await verifyEnvelope(job.envelope, (keyid) => (keyid === job.keyId ? job.publicKey : undefined));
        valid.push(true);
      } catch {
        valid.push(false);
      }
    }
    const result: SignatureBatchResult = { id: batch.id, valid };
    port.postMessage(result);
  })();
});
port.postMessage('ready');
