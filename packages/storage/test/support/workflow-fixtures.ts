import {
  allowedAudiencesOf,
  applyStatementToViews,
  cloneMechanismViews,
  collectViewChanges,
  createMechanismState,
  createMechanismViews,
  listViewerRecords,
  type MechanismViews,
  type Viewer,
  DEFAULT_SETTINGS,
  statementSchema,
  TAXONOMY_VERSION,
  type Audience,
  type Ref,
  type Statement,
  type StatementType,
} from '@jmm/domain';
import { encodeBase64 } from '@jmm/core';
import { buildBatch, digestOf, keyIdOf, ORIGIN, publicKeyOf, type TestBatch } from './log-fixtures.ts';

/**
 * A small mechanism with workflow activity for the projection tests: two parties, a verification team with
 * two approvers (the default quorum is two) and a mediator. Statements go through the domain's schema; batches
 * carry the records they changed, as the engine's do.
 */
function member(org: string, name: string, roles: string[]) {
  return { member: name, display_name: `Officer ${name}`, roles, public_key: publicKeyOf(org, name) };
}

export function workflowGenesis(): Statement {
  return statementSchema.parse({
    jmm: 1,
    type: 'mechanism.genesis',
    mechanism: ORIGIN,
    issuer: { org: 'secretariat', member: 'admin' },
    issued_at: '2026-01-31T12:00:00Z',
    audience: { kind: 'public' },
    refs: [],
    body: {
      origin: ORIGIN,
      name: 'Workflow test mechanism',
      log_vkey: `${ORIGIN}+0a1b2c3d+${encodeBase64(new Uint8Array(33))}`,
      orgs: [
        {
          id: 'secretariat',
          name: 'Secretariat',
          kind: 'secretariat',
          admins: [member('secretariat', 'admin', ['admin'])],
        },
        {
          id: 'party-a',
          name: 'Party A',
          kind: 'party',
          admins: [member('party-a', 'admin', ['admin', 'liaison', 'reporter'])],
        },
        {
          id: 'party-b',
          name: 'Party B',
          kind: 'party',
          admins: [member('party-b', 'admin', ['admin', 'liaison', 'reporter'])],
        },
        {
          id: 'verifier',
          name: 'Verification team',
          kind: 'verifier',
          admins: [
            member('verifier', 'v1', ['admin', 'approver', 'analyst']),
            member('verifier', 'v2', ['approver']),
          ],
        },
        {
          id: 'mediator',
          name: 'Mediator',
          kind: 'mediator',
          admins: [member('mediator', 'm1', ['admin', 'approver'])],
        },
      ],
      settings: DEFAULT_SETTINGS,
    },
  });
}

/** A statement of `type` from `issuer` ("org/member"), checked against the domain's schema. */
export function statementOf(
  type: StatementType,
  issuer: string,
  body: object,
  options: { audience?: Audience; refs?: Ref[] } = {},
): Statement {
  const [org, memberId] = issuer.split('/') as [string, string];
  return statementSchema.parse({
    jmm: 1,
    type,
    mechanism: ORIGIN,
    issuer: { org, member: memberId },
    issued_at: '2026-01-31T12:00:00Z',
    // Membership statements are public (AUDIENCE_RULES); the rest default to the mechanism.
    audience:
      options.audience ??
      (allowedAudiencesOf(type).includes('mechanism') ? { kind: 'mechanism' } : { kind: 'public' }),
    refs: options.refs ?? [],
    body,
  });
}

export interface IncidentOptions {
  readonly reporter: string;
  readonly against?: string;
  readonly start: string;
  readonly end?: string;
  readonly lat: number;
  readonly lon: number;
  readonly admin1?: string;
  readonly mechanismType?: string;
  readonly audience?: Audience;
  readonly narrative?: string;
}

export function incidentReport(options: IncidentOptions): Statement {
  return statementOf(
    'incident.report',
    options.reporter,
    {
      kind: options.against === undefined ? 'observation' : 'allegation',
      category: {
        taxonomy: TAXONOMY_VERSION,
        mechanism_type: options.mechanismType ?? 'cross_border_fire',
        event_type: 'explosions_remote_violence',
        sub_event_type: 'shelling_artillery_missile_attack',
      },
      time: { start: options.start, end: options.end ?? options.start, precision: 'day' },
      location: {
        lat: options.lat,
        lon: options.lon,
        precision_m: 1000,
        ...(options.admin1 === undefined ? {} : { admin1: options.admin1 }),
      },
      ...(options.against === undefined
        ? {}
        : { alleged_responsible: { actor: 'An artillery unit', party: options.against } }),
      narrative: options.narrative ?? 'Shells landed near the crossing.',
      evidence: [],
    },
    options.audience === undefined ? {} : { audience: options.audience },
  );
}

/** `rel` refs to `statement`. */
export function refTo(rel: Ref['rel'], statement: Statement): Ref[] {
  return [{ rel, digest: digestOf(statement) }];
}

/** A test batch that also carries every viewer's fold, so the next batch's viewer records can be computed. */
export type WorkflowTestBatch = TestBatch & { readonly views: MechanismViews };

/** The first batch: the genesis. */
export function workflowGenesisBatch(): WorkflowTestBatch {
  const batch = buildBatch({
    previous: undefined,
    state: createMechanismState(ORIGIN),
    statements: [workflowGenesis()],
  });
  return withViewerRecords(batch, createMechanismViews(ORIGIN));
}

/** The batch that appends `statements` at `logTime` after `batch`, carrying the viewer records they changed. */
export function workflowBatch(
  batch: WorkflowTestBatch,
  statements: readonly Statement[],
  logTime: string,
): WorkflowTestBatch {
  const next = buildBatch({
    previous: { treeSize: batch.checkpoint.treeSize, rootHash: batch.checkpoint.rootHash },
    state: batch.state,
    statements,
    logTime,
  });
  return withViewerRecords(next, batch.views);
}

/** Folds the batch's statements into a copy of `before`, as the engine does, and lists the records changed. */
function withViewerRecords(batch: TestBatch, before: MechanismViews): WorkflowTestBatch {
  const views = cloneMechanismViews(before);
  const touched = new Map<Viewer, Set<string>>();
  for (const { statement, digest, keyId, index, logTime } of batch.entries) {
    collectViewChanges(
      touched,
      applyStatementToViews(views, { statement, digest, keyId, index, logTime }, keyIdOf),
    );
  }
  const records = listViewerRecords(views, (viewer) => touched.get(viewer) ?? []);
  return { ...batch, views, records };
}
