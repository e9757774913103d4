import {
  canonicalizeJson,
  computeKeyId,
  decodeBase64,
  encodeBase64,
  encodeHex,
  encodeUtf8,
  sha256,
} from '@jmm/core';
import {
  applyStatement,
  cloneMechanismState,
  createLogEntry,
  createMechanismState,
  DEFAULT_SETTINGS,
  encodeLogEntry,
  encodeStatement,
  statementSchema,
  STATEMENT_PAYLOAD_TYPE,
  type Audience,
  type MechanismState,
  type Statement,
} from '@jmm/domain';
import type { HashTile, IntegratedBatch, SequencedEntry } from '@jmm/log';

/**
 * Valid statements, their envelopes and whole batches for storage tests. Statements go through the domain's
 * schema so that the projections see real shapes; envelopes are opaque bytes to storage, so they carry no
 * real signature, and hashes and root hashes are stand-ins: storage does not recompute the tree.
 */
export const ORIGIN = 'jmm.test/storage';
export const LOG_TIME = '2026-01-31T12:00:00.000Z';

export function publicKeyOf(org: string, member: string): string {
  return encodeBase64(sha256(encodeUtf8(`key ${org}/${member}`)));
}

export function keyIdOf(publicKey: string): string {
  return computeKeyId(decodeBase64(publicKey));
}

function admin(org: string, member = 'admin') {
  return {
    member,
    display_name: `Administrator of ${org}`,
    roles: ['admin' as const],
    public_key: publicKeyOf(org, member),
  };
}

function common(org: string, member: string, audience: Audience = { kind: 'public' }) {
  return {
    jmm: 1 as const,
    mechanism: ORIGIN,
    issuer: { org, member },
    issued_at: '2026-01-31T11:59:00Z',
    audience,
    refs: [] as { rel: 'endorses'; digest: string }[],
  };
}

export function genesisStatement(): Statement {
  return statementSchema.parse({
    ...common('secretariat', 'admin'),
    type: 'mechanism.genesis',
    body: {
      origin: ORIGIN,
      name: 'Storage test mechanism',
      log_vkey: `${ORIGIN}+0a1b2c3d+${encodeBase64(new Uint8Array(33))}`,
      orgs: [
        { id: 'secretariat', name: 'Secretariat', kind: 'secretariat', admins: [admin('secretariat')] },
        { id: 'party-a', name: 'Party A', kind: 'party', admins: [admin('party-a')] },
        { id: 'party-b', name: 'Party B', kind: 'party', admins: [admin('party-b')] },
      ],
      settings: DEFAULT_SETTINGS,
    },
  });
}

/** A `member.enroll` of `member` by `org`'s admin. */
export function enrollStatement(org: string, member: string, audience?: Audience): Statement {
  return statementSchema.parse({
    ...common(org, 'admin', audience),
    type: 'member.enroll',
    body: {
      member,
      display_name: `Liaison officer ${member}`,
      roles: ['liaison', 'viewer'],
      public_key: publicKeyOf(org, member),
    },
  });
}

export function revokeStatement(org: string, member: string): Statement {
  return statementSchema.parse({
    ...common(org, 'admin'),
    type: 'member.revoke',
    body: { member, reason: 'left the liaison cell' },
  });
}

export function settingsChangeStatement(quorum: number): Statement {
  return statementSchema.parse({
    ...common('secretariat', 'admin'),
    type: 'settings.change',
    body: { patch: { finding_quorum: quorum }, reason: 'more verifiers joined' },
  });
}

/** A `member.profile` naming `org`'s `member`, never public (AUDIENCE_RULES): a restricted statement. */
export function profileStatement(org: string, member: string, audience: Audience): Statement {
  return statementSchema.parse({
    ...common(org, 'admin', audience),
    type: 'member.profile',
    body: { member, display_name: `Named ${member}` },
  });
}

export function endorseStatement(org: string, targetDigest: string, audience: Audience): Statement {
  return statementSchema.parse({
    ...common(org, 'admin', audience),
    refs: [
      { rel: 'endorses', digest: targetDigest },
      { rel: 'endorses', digest: targetDigest },
    ],
    type: 'endorse',
    body: { position: 'concur' },
  });
}

/** The stored envelope bytes (JCS of a DSSE object) of a statement, and its digest. */
export function sealStatement(statement: Statement): { envelope: Uint8Array; digest: string } {
  const envelope = encodeUtf8(
    canonicalizeJson({
      payload: encodeBase64(encodeStatement(statement)),
      payloadType: STATEMENT_PAYLOAD_TYPE,
      signatures: [{ keyid: keyIdOf(publicKeyOf(statement.issuer.org, statement.issuer.member)), sig: '' }],
    }),
  );
  return { envelope, digest: `sha256:${encodeHex(sha256(envelope))}` };
}

export function digestOf(statement: Statement): string {
  return sealStatement(statement).digest;
}

/** Stand-in hash of leaf `index`; any deterministic 32 bytes do for storage. */
export function leafHash(index: bigint): Uint8Array {
  return sha256(encodeUtf8(`leaf ${index}`));
}

export function rootHashOf(treeSize: bigint, fork = ''): Uint8Array {
  return sha256(encodeUtf8(`root ${treeSize}${fork}`));
}

/** The level-0 tiles that entries `start` … `end - 1` create or widen, at their widths in a tree of `end`. */
export function levelZeroTiles(start: bigint, end: bigint): HashTile[] {
  const tiles: HashTile[] = [];
  if (end <= start) return tiles;
  for (let index = start / 256n; index <= (end - 1n) / 256n; index++) {
    const first = index * 256n;
    const width = Number(end - first < 256n ? end - first : 256n);
    const hashes = new Uint8Array(width * 32);
    for (let offset = 0; offset < width; offset++) hashes.set(leafHash(first + BigInt(offset)), offset * 32);
    tiles.push({ level: 0, index, width, data: hashes });
  }
  return tiles;
}

export interface BatchOptions {
  readonly previous: IntegratedBatch['previous'];
  readonly state: MechanismState;
  readonly statements: readonly Statement[];
  readonly logTime?: string;
  /** Distinguishes the root hash, to build a competing batch over the same previous checkpoint. */
  readonly fork?: string;
}

/** The batch that appends `statements` after `previous`, with the state they lead to. */
/** A batch whose state is always present, so the next batch can continue from it. */
export type TestBatch = IntegratedBatch & { readonly state: MechanismState };

export function buildBatch(options: BatchOptions): TestBatch {
  const { previous, statements, logTime = LOG_TIME, fork = '' } = options;
  const start = previous?.treeSize ?? 0n;
  const state = cloneMechanismState(options.state);
  const entries: SequencedEntry[] = statements.map((statement, offset) => {
    const index = start + BigInt(offset);
    const { envelope, digest } = sealStatement(statement);
    const keyId = keyIdOf(publicKeyOf(statement.issuer.org, statement.issuer.member));
    applyStatement(state, { statement, digest, keyId, index, logTime }, keyIdOf);
    return {
      index,
      digest,
      logTime,
      entry: encodeLogEntry(createLogEntry(statement, digest, logTime)),
      envelope,
      statement,
      keyId,
    };
  });
  const treeSize = start + BigInt(entries.length);
  const rootHash = rootHashOf(treeSize, fork);
  return {
    previous,
    checkpoint: {
      treeSize,
      rootHash,
      note: `${ORIGIN}\n${treeSize}\n${encodeBase64(rootHash)}\n\n— ${ORIGIN} AAAA${fork}\n`,
      logTime,
    },
    entries,
    tiles: levelZeroTiles(start, treeSize),
    state,
    records: [],
    folds: [],
    viewerStates: undefined,
    admitted: [],
    publicPrecision: undefined,
  };
}

/** The batch that follows `batch`. */
export function nextBatch(batch: TestBatch, statements: readonly Statement[], fork?: string): TestBatch {
  return buildBatch({
    previous: { treeSize: batch.checkpoint.treeSize, rootHash: batch.checkpoint.rootHash },
    state: batch.state,
    statements,
    ...(fork === undefined ? {} : { fork }),
  });
}

/** The first batch of an empty log: the genesis statement. */
export function genesisBatch(fork?: string): TestBatch {
  return buildBatch({
    previous: undefined,
    state: createMechanismState(ORIGIN),
    statements: [genesisStatement()],
    ...(fork === undefined ? {} : { fork }),
  });
}
