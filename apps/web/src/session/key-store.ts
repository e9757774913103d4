import { computeKeyId, ed25519, ED25519_PKCS8_PREFIX, type Ed25519Signer } from '@jmm/core';

/**
 * Members' signing keys in this browser (DESIGN.md §7): IndexedDB holds a non-extractable WebCrypto Ed25519
 * private key, which can sign but whose bytes no script (this app's included) can ever read back. Where the
 * browser lacks WebCrypto Ed25519, the pure-JS fallback needs the seed itself, so the record says so
 * (`extractable: true`) and the sign-in page warns.
 */
export interface StoredKey {
  /** `${origin}|${org}/${member}`: one key per member per mechanism in this browser. */
  readonly id: string;
  readonly origin: string;
  readonly org: string;
  readonly member: string;
  readonly keyId: string;
  readonly publicKey: Uint8Array;
  readonly privateKey: CryptoKey | undefined;
  readonly fallbackSeed: Uint8Array | undefined;
  readonly addedAt: string;
}

const DB_NAME = 'jmm';
const DB_VERSION = 1;
const KEYS = 'keys';

export function openJmmDatabase(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, DB_VERSION);
    request.onupgradeneeded = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains(KEYS)) db.createObjectStore(KEYS, { keyPath: 'id' });
      if (!db.objectStoreNames.contains('outbox')) db.createObjectStore('outbox', { keyPath: 'digest' });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB is unavailable'));
  });
}

/** Runs one request in its own transaction and resolves when the transaction has committed. */
export async function runStoreRequest<T>(
  store: string,
  mode: IDBTransactionMode,
  operation: (objects: IDBObjectStore) => IDBRequest<T>,
): Promise<T> {
  const db = await openJmmDatabase();
  try {
    return await new Promise<T>((resolve, reject) => {
      const transaction = db.transaction(store, mode);
      const request = operation(transaction.objectStore(store));
      transaction.oncomplete = () => resolve(request.result);
      transaction.onerror = () => reject(transaction.error ?? new Error('IndexedDB transaction failed'));
      transaction.onabort = () => reject(transaction.error ?? new Error('IndexedDB transaction aborted'));
    });
  } finally {
    db.close();
  }
}

async function importNonExtractable(seed: Uint8Array): Promise<CryptoKey | undefined> {
  const pkcs8 = new Uint8Array(ED25519_PKCS8_PREFIX.length + seed.length);
  pkcs8.set(ED25519_PKCS8_PREFIX);
  pkcs8.set(seed, ED25519_PKCS8_PREFIX.length);
  try {
    return await crypto.subtle.importKey('pkcs8', pkcs8, { name: 'Ed25519' }, false, ['sign']);
  } catch {
    return undefined;
  } finally {
    pkcs8.fill(0);
  }
}

/** Stores a member's key for this mechanism, replacing the one it held (a rotated key replaces the old one). */
export async function saveMemberKey(
  identity: { origin: string; org: string; member: string },
  seed: Uint8Array,
): Promise<StoredKey> {
  const { publicKey } = await ed25519.createSigner(seed);
  const privateKey = await importNonExtractable(seed);
  const record: StoredKey = {
    id: `${identity.origin}|${identity.org}/${identity.member}`,
    ...identity,
    keyId: computeKeyId(publicKey),
    publicKey,
    privateKey,
    fallbackSeed: privateKey === undefined ? Uint8Array.from(seed) : undefined,
    addedAt: new Date().toISOString(),
  };
  await runStoreRequest(KEYS, 'readwrite', (objects) => objects.put(record));
  return record;
}

export async function listMemberKeys(origin: string): Promise<StoredKey[]> {
  const all = await runStoreRequest(
    KEYS,
    'readonly',
    (objects) => objects.getAll() as IDBRequest<StoredKey[]>,
  );
  return all.filter((key) => key.origin === origin).sort((a, b) => a.id.localeCompare(b.id));
}

export async function deleteMemberKey(id: string): Promise<void> {
  await runStoreRequest(KEYS, 'readwrite', (objects) => objects.delete(id));
}

/** A signer over a stored key: WebCrypto for the non-extractable key, @jmm/core's fallback otherwise. */
export async function signerOf(key: StoredKey): Promise<Ed25519Signer> {
  const { privateKey } = key;
  if (privateKey !== undefined) {
    return {
      publicKey: key.publicKey,
      sign: async (message) =>
        new Uint8Array(await crypto.subtle.sign({ name: 'Ed25519' }, privateKey, new Uint8Array(message))),
    };
  }
  if (key.fallbackSeed === undefined) throw new Error('the stored key holds no private key');
  return ed25519.createSigner(key.fallbackSeed);
}
