import type { JmmClient, ReadStatement } from '@jmm/client';
import type { Checkpoint } from '@jmm/core';
import { useState, type SyntheticEvent } from 'react';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { Link } from '../app/router.tsx';
import type { LogReader } from './log-reader.ts';
import type { EntryByIndexReport } from './verify-entry-by-index.ts';
import { verifyEntryByIndex } from './verify-entry-by-index.ts';
import { verifyStatementInclusion, type InclusionReport } from './verify-statement-inclusion.ts';
import { ProofPath } from './ProofPath.tsx';

export type Lookup =
  { readonly by: 'digest'; readonly digest: string } | { readonly by: 'index'; readonly index: bigint };

type LookupResult =
  | { readonly by: 'digest'; readonly read: ReadStatement; readonly inclusion: InclusionReport }
  | { readonly by: 'index'; readonly report: EntryByIndexReport; readonly checkpoint: Checkpoint };

const DIGEST = /^sha256:[0-9a-f]{64}$/;
const INDEX = /^(0|[1-9][0-9]{0,19})$/;

/** Parses what the reader typed: a statement digest or a leaf index; undefined if it is neither. */
export function parseLookup(text: string): Lookup | undefined {
  const value = text.trim();
  if (DIGEST.test(value)) return { by: 'digest', digest: value };
  if (INDEX.test(value)) return { by: 'index', index: BigInt(value) };
  return undefined;
}

async function runLookup(
  lookup: Lookup,
  client: JmmClient,
  reader: LogReader,
  checkpoint: Checkpoint | undefined,
): Promise<LookupResult> {
  if (lookup.by === 'digest') {
    const read = await client.readStatement(lookup.digest);
    const proof = await reader.readInclusionProof(read.index, read.checkpoint.treeSize);
    return {
      by: 'digest',
      read,
      inclusion: verifyStatementInclusion(read.entry, read.index, read.checkpoint, proof),
    };
  }
  if (checkpoint === undefined) throw new Error('no verified checkpoint to check the entry against');
  return { by: 'index', report: await verifyEntryByIndex(lookup.index, checkpoint, reader), checkpoint };
}

/** "Look up an entry": by statement digest (through the API, verified) or by leaf index (from tiles, verified). */
export function EntryLookup({
  client,
  reader,
  checkpoint,
  initial,
}: {
  client: JmmClient;
  reader: LogReader;
  /** The latest checkpoint verified against the pinned key; lookups by index are checked against it. */
  checkpoint: Checkpoint | undefined;
  initial: string;
}) {
  const i18n = useI18n();
  const t = i18n.t.bind(i18n);
  const [text, setText] = useState(initial);
  const [invalid, setInvalid] = useState(false);
  const [state, setState] = useState<
    | { state: 'idle' }
    | { state: 'loading' }
    | { state: 'ready'; result: LookupResult }
    | { state: 'failed'; error: unknown; lookup: Lookup }
  >({ state: 'idle' });

  function start(lookup: Lookup) {
    setState({ state: 'loading' });
    runLookup(lookup, client, reader, checkpoint).then(
      (result) => {
        setState({ state: 'ready', result });
      },
      (error: unknown) => {
        setState({ state: 'failed', error, lookup });
      },
    );
  }

  function submit(event: SyntheticEvent) {
    event.preventDefault();
    const lookup = parseLookup(text);
    setInvalid(lookup === undefined);
    if (lookup !== undefined) start(lookup);
  }

  return (
    <section aria-labelledby="log-lookup-heading">
      <h2 id="log-lookup-heading">{t('log.lookup.heading')}</h2>
      <form onSubmit={submit} noValidate>
        <label htmlFor="log-lookup-input">{t('log.lookup.label')}</label>
        <input
          id="log-lookup-input"
          value={text}
          onChange={(event) => {
            setText(event.target.value);
          }}
          aria-describedby="log-lookup-hint"
          aria-invalid={invalid}
          spellCheck={false}
          autoComplete="off"
        />
        <p id="log-lookup-hint">{t('log.lookup.hint')}</p>
        {invalid && (
          <p className="error" role="alert">
            {t('log.lookup.invalid')}
          </p>
        )}
        <button type="submit">{t('log.lookup.submit')}</button>
      </form>
      {state.state === 'loading' && (
        <p className="loading" role="status">
          {t('log.lookup.loading')}
        </p>
      )}
      {state.state === 'failed' && (
        <div>
          <ErrorMessage error={state.error} />
          <button
            type="button"
            onClick={() => {
              start(state.lookup);
            }}
          >
            {t('log.retry')}
          </button>
        </div>
      )}
      {state.state === 'ready' && <LookupResultView result={state.result} onLookup={start} />}
    </section>
  );
}

function Verdict({ verified }: { verified: boolean }) {
  const i18n = useI18n();
  const t = i18n.t.bind(i18n);
  return verified ? (
    <p className="badge badge-verified" role="status">
      <span aria-hidden="true">✓ </span>
      {t('log.entry.verified')}
    </p>
  ) : (
    <p className="badge badge-failed" role="alert">
      <span aria-hidden="true">✗ </span>
      {t('log.entry.notVerified')}
    </p>
  );
}

function recordHref(type: unknown, digest: string): string | undefined {
  if (type === 'incident.report') return `/incidents/${digest}`;
  if (type === 'finding.draft') return `/findings/${digest}`;
  return undefined;
}

function LookupResultView({
  result,
  onLookup,
}: {
  result: LookupResult;
  onLookup: (lookup: Lookup) => void;
}) {
  const i18n = useI18n();
  const t = i18n.t.bind(i18n);
  const dateTime = i18n.dateTime.bind(i18n);
  if (result.by === 'digest') {
    const { read, inclusion } = result;
    const href = recordHref(read.statement.type, read.digest);
    return (
      <article aria-label={t('log.entry.heading')}>
        <h3>{t('log.entry.heading')}</h3>
        <Verdict verified={inclusion.verified} />
        {inclusion.problem !== undefined && <p>{inclusion.problem}</p>}
        <dl className="log-fields">
          <dt>{t('log.entry.digest')}</dt>
          <dd>
            <code className="break-all">{read.digest}</code>
          </dd>
          <dt>{t('log.entry.index')}</dt>
          <dd>{read.index.toString()}</dd>
          <dt>{t('log.entry.logTime')}</dt>
          <dd>
            <time dateTime={read.logTime}>{dateTime(read.logTime)}</time>
          </dd>
          <dt>{t('log.entry.type')}</dt>
          <dd>
            <code>{read.statement.type}</code>
          </dd>
        </dl>
        {href !== undefined && <Link href={href}>{t('log.entry.openRecord')}</Link>}
        <h4>{t('log.entry.json')}</h4>
        <pre className="break-all">{JSON.stringify(read.entry, null, 2)}</pre>
        <ProofPath leafHash={inclusion.leafHash} proof={inclusion.proof} checkpoint={read.checkpoint} />
      </article>
    );
  }
  const { report } = result;
  const { digest } = report;
  return (
    <article aria-label={t('log.entry.heading')}>
      <h3>{t('log.entry.headingIndex', { index: report.index.toString() })}</h3>
      <Verdict verified={report.verified} />
      {report.problems.length > 0 && (
        <ul>
          {report.problems.map((problem) => (
            <li key={problem}>{t(PROBLEM_KEYS[problem])}</li>
          ))}
        </ul>
      )}
      {digest !== undefined && (
        <p>
          {t('log.entry.digest')} <code className="break-all">{digest}</code>{' '}
          {DIGEST.test(digest) && (
            <Link
              href={`/log-explorer?entry=${encodeURIComponent(digest)}`}
              onClick={() => {
                onLookup({ by: 'digest', digest });
              }}
            >
              {t('log.entry.lookUpDigest')}
            </Link>
          )}
        </p>
      )}
      {report.entryText !== undefined && (
        <>
          <h4>{t('log.entry.json')}</h4>
          <pre className="break-all">
            {report.entry === undefined ? report.entryText : JSON.stringify(report.entry, null, 2)}
          </pre>
        </>
      )}
      {report.leafHash !== undefined && (
        <ProofPath leafHash={report.leafHash} proof={report.proof} checkpoint={result.checkpoint} />
      )}
    </article>
  );
}

const PROBLEM_KEYS = {
  bundle_malformed: 'log.problem.bundleMalformed',
  tile_malformed: 'log.problem.tileMalformed',
  leaf_hash_mismatch: 'log.problem.leafHashMismatch',
  inclusion_proof_failed: 'log.problem.inclusionProofFailed',
  entry_not_json: 'log.problem.entryNotJson',
} as const satisfies Record<EntryByIndexReport['problems'][number], string>;
