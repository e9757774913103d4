// A worker thread of TilePool: prepares entry bundles (prepare-tile.ts) with the keys the main thread shares,
// one job per message, and hands the buffers back instead of copying them.
import { parentPort } from 'node:worker_threads';
import { KeyRing, prepareTile } from './prepare-tile.ts';
import type { TileWorkerMessage, TileWorkerResult } from './tile-pool.ts';

const port = parentPort!;
const keys = new KeyRing();
port.on('message', (message: TileWorkerMessage) => {
  if (message.kind === 'keys') {
    for (const [keyId, publicKey] of message.keys) keys.add(keyId, publicKey);
    return;
  }
  let result: TileWorkerResult;
  try {
    result = { id: message.id, prepared: prepareTile(message.job, keys) };
  } catch (error) {
    result = { id: message.id, error: error instanceof Error ? error.message : String(error) };
  }
  const transfer =
    result.prepared === undefined ? [] : [result.prepared.bundle.buffer, result.prepared.leafHashes.buffer];
  port.postMessage(result, transfer as ArrayBuffer[]);
});
port.postMessage('ready');
