import {
  computeKeyId,
  decodeBase64,
  encodeBase64,
  encodeHex,
  isCoreError,
  openCheckpoint,
  parseEnvelope,
  sha256,
  type Checkpoint,
  type Ed25519Signer,
  type Envelope,
} from '@jmm/core';
import {
  formatLoginMessage,
  isDomainError,
  MAX_STATEMENT_BYTES,
  parseStatement,
  REPORT_AUDIENCES,
  REPORT_DOCUMENT_MEDIA_TYPES,
  reportPublishBodySchema,
  signStatement,
  type ReportDocumentMediaType,
  type Statement,
  type StatementOf,
  type StatementType,
} from '@jmm/domain';
import { CheckpointTracker } from './checkpoint-tracker.ts';
import { ClientError } from './client-error.ts';
import { composeStatement, type ComposeStatementOptions } from './compose-statement.ts';
import {
  createHttpTransport,
  type ClientClock,
  type FetchFunction,
  type HttpRequest,
  type RetryOptions,
} from './http-transport.ts';
import type {
  AccessLogEntry,
  AccessLogQuery,
  Case,
  CaseListQuery,
  Commitment,
  CommitmentListQuery,
  DemoMember,
  Finding,
  FindingListQuery,
  Exchange,
  ExchangeListQuery,
  Inbox,
  Incident,
  IncidentListItem,
  IncidentListQuery,
  MechanismInfo,
  Member,
  MetricsAnswer,
  MetricsQuery,
  Page,
  PublicationListQuery,
  Release,
  ReleaseListQuery,
  ReportSummary,
  RuleChange,
  Session,
  Timeline,
  ReportDraft,
  ReportDraftRequest,
  UploadedReportDocument,
} from './jmm-api.types.ts';
import { parseSequencedAnswer, parseSubmissionAnswer, type SubmissionAnswer } from './sequenced-answer.ts';
import {
  createLogVerifier,
  verifyLoggedStatement,
  type LogTrust,
  type VerifiedStatement,
} from './verify-logged-statement.ts';

/**
 * Who signs: a public key and an async signature over bytes. A file key (`ed25519.createSigner(seed)`) and a
 * browser's non-extractable WebCrypto key (DESIGN.md §7) both fit; the private key never reaches the client.
 */
export type StatementSigner = Ed25519Signer;

export interface JmmClientOptions {
  /** The server, e.g. `https://jmm.example.org`; API paths are resolved against it. */
  readonly baseUrl: string;
  readonly fetch: FetchFunction;
  /** What the client trusts: nothing the server says about the log is believed unless it verifies with these. */
  readonly trust: LogTrust;
  readonly clock?: ClientClock;
  readonly retry?: RetryOptions;
}

/** A submission, proven to be in the log. */
export interface SubmittedStatement extends VerifiedStatement {
  /** True when the envelope was already in the log: resubmitting is idempotent (DESIGN.md §3). */
  readonly duplicate: boolean;
  readonly envelope: Envelope;
  /** The server's answer as sent (entry, inclusion proof, checkpoint note), for anyone to verify again. */
  readonly answer: SubmissionAnswer;
}

/** A statement read back, proven to be in the log, with its envelope and parsed payload. */
export interface ReadStatement extends VerifiedStatement {
  readonly envelope: Envelope;
  readonly statement: Statement;
}

/**
 * One row of GET /api/v1/log/envelopes: a stored envelope the caller may read, as the server sent it. Nothing
 * here is verified: an auditor checks the envelope's digest against the log entry at `index` itself.
 */
export interface LogEnvelope {
  readonly index: bigint;
  readonly digest: string;
  readonly logTime: string;
  /** The DSSE envelope JSON as sent. */
  readonly envelope: unknown;
}

/**
 * One row of GET /api/v1/log/checkpoints: a checkpoint of the log's history with the cosignatures the log
 * gathered for it, as the server sent it (unverified: open `note` with the log's key).
 */
export interface LogCheckpoint {
  readonly treeSize: bigint;
  /** Standard base64. */
  readonly rootHash: string;
  /** The signed note, with cosignature lines appended. */
  readonly note: string;
  readonly logTime: string;
  /** Organisations whose witnesses cosigned it, as the server reckons. */
  readonly witnessedBy: readonly string[];
  /** Whether the server reckons the settings' witness policy met. */
  readonly final: boolean;
}

/** The common fields `JmmClient.composeStatement` needs; the mechanism and its settings come from the server. */
export type ComposeOptions = Omit<ComposeStatementOptions, 'mechanism' | 'settings'> &
  Partial<Pick<ComposeStatementOptions, 'settings'>>;

export interface JmmClient {
  readonly trust: LogTrust;
  /** The largest checkpoint this client has verified. */
  readonly latestCheckpoint: Checkpoint | undefined;
  readonly session: Session | undefined;

  /** Challenge–response sign-in (DESIGN.md §7); the session's bearer token is used for later reads. */
  signIn(signer: StatementSigner): Promise<Session>;
  /**
   * Uses a session obtained earlier (a browser tab that saved it before a reload). Nothing is asked of the
   * server: an expired or revoked session shows as a 401 on the next read.
   */
  restoreSession(session: Session): void;
  /** POST /api/v1/auth/logout, then forgets the session, even if the server had already ended it. */
  signOut(): Promise<void>;
  /** GET /api/v1/mechanism: origin, log key, organisations, settings. */
  mechanism(): Promise<MechanismInfo>;
  /** `composeStatement` with this mechanism's origin and (for public statements) its current settings. */
  composeStatement<T extends StatementType>(
    type: T,
    body: StatementOf<T>['body'],
    options: ComposeOptions,
  ): Promise<StatementOf<T>>;
  /** Submits a signed envelope, retrying safely, and verifies the answer's proof. */
  submit(envelope: Envelope): Promise<SubmittedStatement>;
  signAndSubmit(statement: Statement, signer: StatementSigner): Promise<SubmittedStatement>;
  /** GET /api/v1/statements/:digest, verified: the envelope's digest is the proven entry's. */
  readStatement(digest: string): Promise<ReadStatement>;

  listIncidents(query?: IncidentListQuery): Promise<Page<IncidentListItem>>;
  readIncident(digest: string): Promise<Incident>;
  listExchanges(query?: ExchangeListQuery): Promise<Page<Exchange>>;
  listCases(query?: CaseListQuery): Promise<Page<Case>>;
  listCommitments(query?: CommitmentListQuery): Promise<Page<Commitment>>;
  readTimeline(digest: string): Promise<Timeline>;
  listFindings(query?: FindingListQuery): Promise<Page<Finding>>;
  readFinding(digest: string): Promise<Finding>;
  readInbox(): Promise<Inbox>;
  readMetrics(query?: MetricsQuery): Promise<MetricsAnswer>;
  /** GET /api/v1/releases: pending and published releases for members, published ones for the public. */
  listReleases(query?: ReleaseListQuery): Promise<Page<Release>>;
  /** GET /api/v1/reports: published periodic reports. */
  listReports(query?: PublicationListQuery): Promise<Page<ReportSummary>>;
  /**
   * POST /api/v1/reports/documents (signed in as a secretariat approver or admin): uploads a rendered report
   * (`text/html` or `application/pdf`) as raw bytes with an RFC 9530 Content-Digest, and checks that the
   * server stored it under the bytes' own SHA-256. Retried safely: the document is named by its bytes.
   */
  uploadReportDocument(
    bytes: Uint8Array,
    mediaType: ReportDocumentMediaType,
  ): Promise<UploadedReportDocument>;
  /**
   * POST /api/v1/reports/drafts (signed in as a secretariat approver or admin): the server computes the report
   * at its latest checkpoint, stores its PDF and HTML and answers the unsigned `report.publish` body, to sign
   * here and submit with audience `audience`. Checked: the body is a report.publish body whose documents are
   * those answered.
   */
  draftReport(request: ReportDraftRequest): Promise<ReportDraft>;
  /** GET /api/v1/members (signed in): every member and key the organisation knows of; not paged. */
  listMembers(): Promise<Member[]>;
  /** GET /api/v1/demo/members: a demonstration mechanism's members and key seeds; undefined on a real one. */
  readDemoMembers(): Promise<DemoMember[] | undefined>;
  /** GET /api/v1/access-log (an organisation's admin): the latest reads, newest first. */
  readAccessLog(query?: AccessLogQuery): Promise<AccessLogEntry[]>;
  /** GET /api/v1/settings/changes (signed in): rule changes, newest first, with their endorsements. */
  readSettingsChanges(): Promise<RuleChange[]>;
  /**
   * GET /log/checkpoint, verified against the trusted log key and origin, and checked consistent with every
   * checkpoint this client saw before (a consistency proof): the log's latest state, proven append-only.
   */
  readLatestCheckpoint(): Promise<Checkpoint>;
  /**
   * GET /api/v1/log/envelopes: the envelopes of entries `from` … `from + limit - 1` (limit ≤ 1000) that the
   * caller may read, in index order. Unverified: for auditors, who check each against its log entry.
   */
  readEnvelopes(from: bigint, limit: number): Promise<LogEnvelope[]>;
  /**
   * GET /api/v1/log/checkpoints: the log's checkpoint history from tree size `fromSize`, ascending, at most
   * `limit` rows. Unverified: for auditors, who open every note with the log's key.
   */
  listCheckpoints(fromSize: bigint, limit: number): Promise<LogCheckpoint[]>;
}

/** One envelope per statement, one signature: the server's own bound (DESIGN.md §3). */
const ENVELOPE_BOUNDS = { maxPayloadBytes: MAX_STATEMENT_BYTES, maxSignatures: 1 };
const DIGEST = /^sha256:[0-9a-f]{64}$/;

type QueryValue = string | number | boolean | undefined;

/** Query values as the server parses them: sets comma-separated, a bbox as west,south,east,north. */
function toQuery(query: object): Record<string, QueryValue> {
  const result: Record<string, QueryValue> = {};
  for (const [name, value] of Object.entries(query) as [string, unknown][]) {
    if (value === undefined) continue;
    if (Array.isArray(value)) result[name] = value.join(',');
    else if (typeof value === 'object' && value !== null) {
      const { west, south, east, north } = value as Record<string, number>;
      result[name] = [west, south, east, north].join(',');
    } else result[name] = value as QueryValue;
  }
  return result;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isLogInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** A row of GET /api/v1/log/envelopes (or an audit bundle's envelopes file); ClientError `invalid_response`. */
export function parseLogEnvelopeRow(row: unknown): LogEnvelope {
  if (
    !isRecord(row) ||
    !isLogInteger(row.index) ||
    typeof row.digest !== 'string' ||
    typeof row.log_time !== 'string' ||
    !isRecord(row.envelope)
  )
    throw new ClientError('invalid_response', 'an envelope row is not {index, digest, log_time, envelope}');
  return { index: BigInt(row.index), digest: row.digest, logTime: row.log_time, envelope: row.envelope };
}

/** A row of GET /api/v1/log/checkpoints (or an audit bundle's checkpoints.jsonl); ClientError `invalid_response`. */
export function parseLogCheckpointRow(row: unknown): LogCheckpoint {
  if (
    !isRecord(row) ||
    !isLogInteger(row.tree_size) ||
    typeof row.root_hash !== 'string' ||
    typeof row.note !== 'string' ||
    typeof row.log_time !== 'string' ||
    !Array.isArray(row.witnessed_by) ||
    !row.witnessed_by.every((org) => typeof org === 'string') ||
    typeof row.final !== 'boolean'
  )
    throw new ClientError(
      'invalid_response',
      'a checkpoint row is not as GET /api/v1/log/checkpoints documents',
    );
  return {
    treeSize: BigInt(row.tree_size),
    rootHash: row.root_hash,
    note: row.note,
    logTime: row.log_time,
    witnessedBy: row.witnessed_by,
    final: row.final,
  };
}

/**
 * A draft as POST /api/v1/reports/drafts answers it, for the audience asked: its body must be one the log's
 * schema takes, and its documents those the body lists, in order. ClientError `invalid_response` otherwise.
 */
function parseReportDraft(answer: unknown, request: ReportDraftRequest): ReportDraft {
  if (!isRecord(answer) || !Array.isArray(answer.documents))
    throw new ClientError('invalid_response', 'a report draft is not {body, audience, documents}');
  const body = reportPublishBodySchema.safeParse(answer.body);
  if (!body.success)
    throw new ClientError('invalid_response', 'the drafted body is not a report.publish body', {
      cause: body.error,
    });
  const audience = REPORT_AUDIENCES.find((candidate) => candidate === answer.audience);
  if (audience !== request.audience)
    throw new ClientError('invalid_response', 'the report was drafted for another audience');
  const documents = answer.documents as unknown[];
  const listed = body.data.documents;
  const matches =
    documents.length === listed.length &&
    listed.every((entry, i) => {
      const document = documents[i];
      return (
        isRecord(document) &&
        document.sha256 === entry.sha256 &&
        document.media_type === entry.media_type &&
        document.bytes === entry.bytes &&
        typeof document.url === 'string' &&
        typeof document.preview_url === 'string'
      );
    });
  if (!matches)
    throw new ClientError('invalid_response', 'the drafted documents are not those its body lists');
  return { body: body.data, audience, documents: documents as ReportDraft['documents'] };
}

/** Page sizes the log routes accept. */
function checkLimit(limit: number): number {
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > 1000)
    throw new ClientError('invalid_argument', 'a page holds 1 to 1000 rows');
  return limit;
}

function checkDigest(digest: string): string {
  if (!DIGEST.test(digest))
    throw new ClientError('invalid_argument', 'a digest is sha256: and 64 hex digits');
  return digest;
}

export function createJmmClient(options: JmmClientOptions): JmmClient {
  const { trust } = options;
  const logVerifier = createLogVerifier(trust);
  const http = createHttpTransport(options);
  // Every new checkpoint must extend the largest one seen (a consistency proof), so the server cannot show
  // this client one history now and another later.
  const tracker = new CheckpointTracker(async (from, to) => {
    const answer = (await read<{ proof?: unknown }>('/api/v1/log/proof/consistency', {
      from: String(from),
      to: String(to),
    })) as { proof?: unknown } | null;
    if (!Array.isArray(answer?.proof) || !answer.proof.every((hash) => typeof hash === 'string'))
      throw new ClientError('invalid_response', 'the consistency proof is not a list of hashes');
    return answer.proof.map((hash) => {
      try {
        return decodeBase64(hash);
      } catch (cause) {
        throw new ClientError('invalid_response', 'a consistency proof hash is not base64', { cause });
      }
    });
  });
  let session: Session | undefined;
  let mechanismInfo: MechanismInfo | undefined;

  async function call(request: HttpRequest): Promise<unknown> {
    return (await http.request(request)).body;
  }

  /** A read with the session's token when signed in (the public sees public records only). */
  function read<T>(path: string, query?: object): Promise<T> {
    return call({
      method: 'GET',
      path,
      ...(query === undefined ? {} : { query: toQuery(query) }),
      token: session?.token,
      retry: true,
    }) as Promise<T>;
  }

  /** A read of `{ [field]: T[] }` that must be a list, unwrapped. */
  async function readList<T>(path: string, field: string, query?: object): Promise<T[]> {
    const answer = (await read<Record<string, unknown> | null>(path, query)) ?? {};
    const list = answer[field];
    if (!Array.isArray(list)) throw new ClientError('invalid_response', `the answer has no list ${field}`);
    return list as T[];
  }

  function requireSession(): Session {
    if (session === undefined) throw new ClientError('not_signed_in', 'sign in first');
    return session;
  }

  async function mechanism(): Promise<MechanismInfo> {
    const info = (await read<MechanismInfo>('/api/v1/mechanism')) as MechanismInfo | null;
    if (info?.origin !== trust.origin) {
      throw new ClientError('invalid_response', 'the server is not the mechanism this client trusts');
    }
    mechanismInfo = info;
    return info;
  }

  async function submit(envelope: Envelope): Promise<SubmittedStatement> {
    // Retried on failure: the envelope's digest is its identity, so a repeat that lands twice answers
    // `duplicate: true` with the same entry rather than logging it again.
    const answer = parseSubmissionAnswer(
      await call({ method: 'POST', path: '/api/v1/statements', body: envelope, retry: true }),
    );
    const verified = await verifyLoggedStatement(answer, { trust, logVerifier, tracker, envelope });
    return { ...verified, duplicate: answer.duplicate, envelope, answer };
  }

  return {
    trust,
    get latestCheckpoint() {
      return tracker.latest;
    },
    get session() {
      return session;
    },

    async signIn(signer) {
      const keyId = computeKeyId(signer.publicKey);
      // Never retried: a challenge is single-use, and a failed sign-in says nothing a retry would change.
      const { challenge } = (await call({
        method: 'POST',
        path: '/api/v1/auth/challenge',
        body: { key_id: keyId },
        retry: false,
      })) as { challenge?: unknown };
      if (typeof challenge !== 'string') throw new ClientError('invalid_response', 'no challenge was issued');
      const signature = encodeBase64(await signer.sign(formatLoginMessage(trust.origin, challenge)));
      const answer = (await call({
        method: 'POST',
        path: '/api/v1/auth/login',
        body: { key_id: keyId, challenge, signature },
        retry: false,
      })) as Session | null;
      if (typeof answer?.token !== 'string')
        throw new ClientError('invalid_response', 'no session was issued');
      session = answer;
      return answer;
    },

    restoreSession(saved) {
      if (typeof (saved as Partial<Session> | null)?.token !== 'string')
        throw new ClientError('invalid_argument', 'a session to restore has a token');
      session = saved;
    },

    async signOut() {
      const ending = session;
      if (ending === undefined) return;
      try {
        // Not retried: a repeat after a lost answer would be refused (the session is gone), which is fine.
        await call({ method: 'POST', path: '/api/v1/auth/logout', token: ending.token, retry: false });
      } catch (error) {
        // A session the server already ended (expired, revoked) is signed out all the same.
        const ended = error instanceof ClientError && error.problem?.status === 401;
        if (!ended) throw error;
      } finally {
        if (session === ending) session = undefined;
      }
    },

    mechanism,

    async composeStatement(type, body, composeOptions) {
      const needsSettings =
        composeOptions.audience.kind === 'public' && composeOptions.settings === undefined;
      const info = needsSettings ? (mechanismInfo ?? (await mechanism())) : undefined;
      const settings = composeOptions.settings ?? info?.settings;
      return composeStatement(type, body, {
        ...composeOptions,
        mechanism: trust.origin,
        ...(settings === undefined ? {} : { settings }),
      });
    },

    submit,

    async signAndSubmit(statement, signer) {
      return submit(await signStatement(statement, signer));
    },

    async readStatement(digest) {
      const body = await read<unknown>(`/api/v1/statements/${checkDigest(digest)}`);
      const answer = parseSequencedAnswer(body);
      let envelope: Envelope;
      let statement: Statement;
      try {
        envelope = parseEnvelope((body as { envelope?: unknown }).envelope, ENVELOPE_BOUNDS);
        statement = parseStatement(decodeBase64(envelope.payload));
      } catch (cause) {
        if (!isCoreError(cause) && !isDomainError(cause)) throw cause;
        throw new ClientError('invalid_response', `the statement read is malformed: ${cause.message}`, {
          cause,
        });
      }
      // The digest asked for, the envelope's own digest and the proven entry's digest must all agree.
      const verified = await verifyLoggedStatement(answer, { trust, logVerifier, tracker, envelope });
      if (verified.digest !== digest) {
        throw new ClientError(
          'entry_mismatch',
          'the server returned another statement than the one asked for',
        );
      }
      return { ...verified, envelope, statement };
    },

    listIncidents: (query = {}) => read('/api/v1/incidents', query),
    readIncident: (digest) => read(`/api/v1/incidents/${checkDigest(digest)}`),
    listExchanges: (query = {}) => read('/api/v1/exchanges', query),
    listCases: (query = {}) => read('/api/v1/cases', query),
    listCommitments: (query = {}) => read('/api/v1/commitments', query),
    readTimeline: (digest) => read(`/api/v1/records/${checkDigest(digest)}/timeline`),
    listFindings: (query = {}) => read('/api/v1/findings', query),
    readFinding: (digest) => read(`/api/v1/findings/${checkDigest(digest)}`),
    readInbox: () => {
      requireSession();
      return read('/api/v1/inbox');
    },
    readMetrics: (query = {}) => read('/api/v1/metrics', query),
    listReleases: (query = {}) => read('/api/v1/releases', query),
    listReports: (query = {}) => read('/api/v1/reports', query),
    async uploadReportDocument(bytes, mediaType) {
      const { token } = requireSession();
      if (!REPORT_DOCUMENT_MEDIA_TYPES.includes(mediaType))
        throw new ClientError(
          'invalid_argument',
          `a report document is ${REPORT_DOCUMENT_MEDIA_TYPES.join(' or ')}`,
        );
      const digest = sha256(bytes);
      const answer = (await call({
        method: 'POST',
        path: '/api/v1/reports/documents',
        rawBody: {
          bytes,
          contentType: mediaType,
          headers: { 'content-digest': `sha-256=:${encodeBase64(digest)}:` },
        },
        token,
        retry: true,
      })) as Partial<UploadedReportDocument> | null;
      const expected = encodeHex(digest);
      // The server names the document by what it stored: anything else would publish a digest of other bytes.
      if (answer?.sha256 !== expected || answer.bytes !== bytes.length || answer.media_type !== mediaType)
        throw new ClientError('invalid_response', 'the server did not store the report document as sent');
      if (typeof answer.url !== 'string') throw new ClientError('invalid_response', 'the answer has no url');
      return answer as UploadedReportDocument;
    },
    async draftReport(request) {
      const { token } = requireSession();
      const answer = await call({
        method: 'POST',
        path: '/api/v1/reports/drafts',
        body: { period: request.period, audience: request.audience, partial: request.partial ?? false },
        token,
        // The same draft again stores the same documents: a retried request changes nothing.
        retry: true,
      });
      return parseReportDraft(answer, request);
    },
    async listMembers() {
      requireSession();
      return readList('/api/v1/members', 'members');
    },
    async readDemoMembers() {
      try {
        return await readList<DemoMember>('/api/v1/demo/members', 'members');
      } catch (error) {
        if (error instanceof ClientError && error.problem?.status === 404) return undefined;
        throw error;
      }
    },
    async readAccessLog(query = {}) {
      requireSession();
      return readList('/api/v1/access-log', 'records', query);
    },
    async readSettingsChanges() {
      requireSession();
      return readList('/api/v1/settings/changes', 'changes');
    },
    async readLatestCheckpoint() {
      const { body } = await http.request({
        method: 'GET',
        path: '/log/checkpoint',
        retry: true,
        response: 'text',
      });
      if (typeof body !== 'string') throw new ClientError('invalid_response', 'the checkpoint is not text');
      let checkpoint: Checkpoint;
      try {
        ({ checkpoint } = await openCheckpoint(body, logVerifier, { origin: trust.origin }));
      } catch (cause) {
        if (!isCoreError(cause)) throw cause;
        throw new ClientError('checkpoint_invalid', `the checkpoint does not verify: ${cause.code}`, {
          cause,
        });
      }
      // Refuses a checkpoint that does not extend the ones seen before: `split_view`.
      await tracker.observe(checkpoint);
      return checkpoint;
    },
    async readEnvelopes(from, limit) {
      if (from < 0n) throw new ClientError('invalid_argument', 'a log index is not negative');
      const rows = await readList<unknown>('/api/v1/log/envelopes', 'envelopes', {
        from: String(from),
        limit: checkLimit(limit),
      });
      const envelopes = rows.map(parseLogEnvelopeRow);
      // The page is of entries from … from + limit - 1: a row beyond them, or more rows, is not this page.
      if (envelopes.some((row) => row.index < from || row.index >= from + BigInt(limit)))
        throw new ClientError('invalid_response', 'an envelope row is outside the range asked for');
      return envelopes;
    },
    async listCheckpoints(fromSize, limit) {
      if (fromSize < 0n) throw new ClientError('invalid_argument', 'a tree size is not negative');
      const rows = await readList<unknown>('/api/v1/log/checkpoints', 'checkpoints', {
        from_size: String(fromSize),
        limit: checkLimit(limit),
      });
      if (rows.length > limit) throw new ClientError('invalid_response', `more than ${limit} checkpoints`);
      return rows.map(parseLogCheckpointRow);
    },
  };
}
