import { releaseBodySchema } from '../statements/publication.ts';
import type { ReleaseRecord } from '../workflow-records.ts';
import { advanceCaseSubjects, advanceIncident } from './advance-incident.ts';
import { fail } from './fail.ts';
import { recordOf } from './record-of.ts';
import { recordBase, setRecord } from './set-record.ts';
import type { StatementHandler } from './statement-handler.ts';

/**
 * `release`: a mediator's public summary of restricted statements (ref `summarises` each). It is public once a
 * verifier approver concurs, and that concurrence marks what it summarises as released (DESIGN.md §3).
 */
export const releaseHandler: StatementHandler<'release'> = {
  body: releaseBodySchema,
  validate(statement) {
    if (statement.audience.kind !== 'public') fail('invalid_statement', 'a release is public');
    if (!statement.refs.some((ref) => ref.rel === 'summarises'))
      fail('invalid_ref', 'a release summarises at least one statement');
  },
  apply(state, sequenced) {
    const { statement, logTime } = sequenced;
    const touched: string[] = [];
    const release: ReleaseRecord = {
      ...recordBase(sequenced),
      kind: 'release',
      summarises: statement.refs.filter((ref) => ref.rel === 'summarises').map((ref) => ref.digest),
      releasedAt: logTime,
      publishedAt: undefined,
    };
    setRecord(state, release, touched);
    return touched;
  },
  endorsement: {
    validateEndorsement(endorsement, endorsed, state) {
      const release = recordOf(state, endorsed, 'release');
      if (release === undefined) return;
      if (release.publishedAt !== undefined) fail('state_conflict', 'the release is already public');
      // The concurrence makes the release public, so the public must be able to read it: then the public's view
      // (a fold of public statements only) sees the release become public exactly when it does.
      if (endorsement.body.position === 'concur' && endorsement.audience.kind !== 'public')
        fail('invalid_statement', 'a concurrence with a release is public: it publishes the release');
    },
    applyEndorsement(state, { statement, logTime }, endorsed) {
      const touched: string[] = [];
      const release = recordOf(state, endorsed, 'release');
      if (release === undefined || statement.body.position !== 'concur' || release.publishedAt !== undefined)
        return touched;
      setRecord(state, { ...release, publishedAt: logTime }, touched);
      for (const subject of release.summarises) {
        const summarised = state.records.get(subject);
        if (summarised?.kind === 'incident') advanceIncident(state, subject, 'released', touched);
        if (summarised?.kind === 'finding') {
          const kase = recordOf(state, summarised.caseDigest, 'case');
          if (kase !== undefined) advanceCaseSubjects(state, kase, 'released', touched);
        }
      }
      return touched;
    },
  },
};
