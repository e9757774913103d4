import { isClientError, type SubmittedStatement } from '@jmm/client';
import { encodeBase64 } from '@jmm/core';
import {
  allowedAudiencesOf,
  REF_RELATIONS,
  satisfiesRule,
  signStatement,
  STATEMENT_RULES,
  type Audience,
  type Ref,
  type StatementType,
} from '@jmm/domain';
import { useEffect, useMemo, useState, type SyntheticEvent } from 'react';
import { useJmm } from '../app/jmm-context.tsx';
import { Link, useLocation } from '../app/router.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { useResource } from '../components/use-resource.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { AudiencePicker } from './AudiencePicker.tsx';
import { FormField } from './FormField.tsx';
import { FORM_SPECS, isFormType, type FormType } from './form-specs.ts';
import type { AudienceChoice, FieldValue, FormSpec, FormValues } from './form-fields.ts';
import { useOutbox, type SubmitOutcome } from './outbox-context.tsx';
import { clearDraft, readDraft, writeDraft } from './drafts.ts';

/** The refs a form was opened with: `?ref=rel:digest`, repeated. Unknown relations are ignored. */
function refsFromQuery(query: URLSearchParams): Ref[] {
  return query.getAll('ref').flatMap((value) => {
    const colon = value.indexOf(':');
    const rel = value.slice(0, colon);
    const digest = value.slice(colon + 1);
    return (REF_RELATIONS as readonly string[]).includes(rel) && /^sha256:[0-9a-f]{64}$/.test(digest)
      ? [{ rel: rel as Ref['rel'], digest }]
      : [];
  });
}

function initialAudience(spec: FormSpec, query: URLSearchParams): Audience {
  const asked = query.get('audience');
  if (asked === 'public' && spec.audiences.includes('public')) return { kind: 'public' };
  if (asked?.startsWith('orgs:') === true)
    return { kind: 'orgs', orgs: asked.slice(5).split(',').filter(Boolean) };
  return audienceOfChoice(spec.defaultAudience);
}

function audienceOfChoice(choice: AudienceChoice): Audience {
  return choice === 'orgs' ? { kind: 'orgs', orgs: [] } : { kind: choice };
}

/**
 * The type of the statement an endorsement endorses, once read: an endorsement of an admission or a rule change
 * is public, as the change is (AUDIENCE_RULES), so the form offers what the domain allows for that type.
 */
function useEndorsedType(type: FormType, refs: readonly Ref[]): StatementType | undefined {
  const { client } = useJmm();
  const digest = type === 'endorse' ? refs.find((ref) => ref.rel === 'endorses')?.digest : undefined;
  const [endorsed] = useResource(
    async () => (digest === undefined ? undefined : (await client.readStatement(digest)).statement.type),
    [client, digest],
  );
  // Unreadable here: the server's answer to the signed statement will say what is wrong.
  return endorsed.state === 'ready' ? endorsed.value : undefined;
}

/** `/compose/:type`: a form for any statement the member's role may sign, signed in this browser. */
export default function ComposePage({ type }: { type: string }) {
  const { t } = useI18n();
  const { session, mechanism } = useJmm();
  if (!isFormType(type)) {
    return (
      <section className="page">
        <h1>{t('form.unknownType')}</h1>
        <p className="mono">{type}</p>
      </section>
    );
  }
  const orgKind = mechanism.orgs.find((org) => org.id === session?.org)?.kind;
  const allowed =
    session !== undefined &&
    orgKind !== undefined &&
    satisfiesRule(STATEMENT_RULES[type], orgKind, session.roles);
  return <StatementForm key={type} type={type} allowed={allowed} />;
}

function StatementForm({ type, allowed }: { type: FormType; allowed: boolean }) {
  const { t, dateTime } = useI18n();
  const { client, session, signer, mechanism } = useJmm();
  const outbox = useOutbox();
  const { query } = useLocation();
  const spec: FormSpec = FORM_SPECS[type];
  const refs = useMemo(() => refsFromQuery(query), [query]);
  const draftKey = `${mechanism.origin}|${session?.org ?? ''}/${session?.member ?? ''}|${type}|${refs.map((ref) => `${ref.rel}:${ref.digest}`).join(',')}`;
  const draft = useMemo(() => readDraft(draftKey), [draftKey]);
  const [values, setValues] = useState<FormValues>(draft?.values ?? spec.initial ?? {});
  const [audience, setAudience] = useState<Audience>(draft?.audience ?? initialAudience(spec, query));
  const endorsedType = useEndorsedType(type, refs);
  const obliged = spec.audienceOf?.(values);
  const choices = useMemo(() => {
    const allowed = allowedAudiencesOf(type, endorsedType);
    return spec.audiences.filter(
      (choice) => allowed.includes(choice) && (obliged === undefined || choice === obliged),
    );
  }, [spec, type, endorsedType, obliged]);
  const firstChoice = choices[0];
  // A draft or a link may start with an audience the domain refuses for this statement: move to one it allows.
  useEffect(() => {
    if (firstChoice !== undefined && !choices.includes(audience.kind))
      setAudience(audienceOfChoice(firstChoice));
  }, [audience.kind, choices, firstChoice]);
  const [issues, setIssues] = useState<Readonly<Record<string, string[]>>>({});
  const [error, setError] = useState<unknown>(undefined);
  const [working, setWorking] = useState(false);
  const [outcome, setOutcome] = useState<SubmitOutcome | undefined>(undefined);

  // Drafts survive a reload (issue 10): every change is kept in this browser until the statement is logged.
  useEffect(() => {
    if (outcome === undefined) writeDraft(draftKey, { values, audience });
  }, [draftKey, values, audience, outcome]);

  const missingRefs = spec.refs.filter((rel) => !refs.some((ref) => ref.rel === rel));

  async function submit(event: SyntheticEvent) {
    event.preventDefault();
    if (session === undefined || signer === undefined) {
      setError(new Error(t('form.noKey')));
      return;
    }
    setWorking(true);
    setError(undefined);
    setIssues({});
    try {
      const statement = await client.composeStatement(type, spec.toBody(values) as never, {
        issuer: { org: session.org, member: session.member },
        audience,
        refs,
        issuedAt: new Date().toISOString(),
      });
      const envelope = await signStatement(statement, signer);
      const result = await outbox.submit(type, envelope);
      clearDraft(draftKey);
      setOutcome(result);
    } catch (cause) {
      if (isClientError(cause, 'invalid_statement')) setIssues(groupIssues(cause.detail?.issues));
      setError(cause);
    } finally {
      setWorking(false);
    }
  }

  if (outcome !== undefined)
    return (
      <SubmitResult
        outcome={outcome}
        onAnother={() => {
          setOutcome(undefined);
          setValues(spec.initial ?? {});
        }}
      />
    );

  return (
    <section className="page compose" aria-labelledby="compose-title">
      <h1 id="compose-title">{t(spec.title)}</h1>
      {!allowed && (
        <p className="error" role="alert">
          {t('form.notAllowed')}
        </p>
      )}
      {refs.length > 0 && (
        <ul className="refs">
          {refs.map((ref) => (
            <li key={`${ref.rel}:${ref.digest}`}>
              {t('form.refersTo', { rel: ref.rel })}{' '}
              <Link href={`/incidents/${ref.digest}`} className="mono">
                {ref.digest.slice(0, 19)}…
              </Link>
            </li>
          ))}
        </ul>
      )}
      {missingRefs.length > 0 && (
        <p className="error" role="alert">
          {t('form.missingRef', { rel: missingRefs.join(', ') })}
        </p>
      )}
      {draft !== undefined && (
        <p className="notice">{t('form.draftRestored', { time: dateTime(draft.savedAt) })}</p>
      )}
      <form onSubmit={(event) => void submit(event)} noValidate>
        {spec.fields.map((field) => (
          // data-field names the field for tests that must not depend on the language of its label.
          <div key={field.name} data-field={field.name}>
            <FormField
              field={field}
              value={values[field.name]}
              issues={issuesFor(issues, field.name)}
              onChange={(value: FieldValue) =>
                setValues((previous) => ({ ...previous, [field.name]: value }))
              }
            />
          </div>
        ))}
        {session !== undefined && (
          <AudiencePicker
            choices={choices}
            audience={audience}
            onChange={setAudience}
            issuerOrg={session.org}
          />
        )}
        {audience.kind === 'public' && <p className="notice">{t('form.publicCoarsened')}</p>}
        <ErrorMessage error={error} />
        <div className="actions">
          <button type="submit" className="primary" disabled={working || !allowed || missingRefs.length > 0}>
            {working ? t('form.signing') : t('form.signAndSubmit')}
          </button>
          <button
            type="button"
            onClick={() => {
              clearDraft(draftKey);
              setValues(spec.initial ?? {});
            }}
          >
            {t('form.discardDraft')}
          </button>
        </div>
      </form>
    </section>
  );
}

/** Schema issues keyed by the form field they belong to (the body path's first segment, mapped back). */
function groupIssues(raw: unknown): Record<string, string[]> {
  const grouped: Record<string, string[]> = {};
  if (!Array.isArray(raw)) return grouped;
  for (const issue of raw as { path: string; message: string }[]) {
    const key = issue.path.replace(/^body\./, '');
    (grouped[key] ??= []).push(issue.message);
  }
  return grouped;
}

/** The issues of a field: those whose body path starts with the field's name or its group (e.g. `time.start`). */
function issuesFor(issues: Readonly<Record<string, string[]>>, name: string): string[] {
  const aliases: Record<string, string[]> = {
    time_start: ['time.start', 'time'],
    time_end: ['time.end'],
    mechanism_type: ['category.mechanism_type'],
    event_type: ['category.event_type'],
    sub_event_type: ['category.sub_event_type', 'category'],
    party: ['alleged_responsible.party', 'alleged_responsible', 'party'],
    precision_m: ['location.precision_m'],
    period_start: ['period.start', 'period'],
    period_end: ['period.end'],
    attribution_party: ['attribution.party', 'attribution'],
    action_description: ['action'],
  };
  return Object.entries(issues)
    .filter(
      ([path]) =>
        path === name ||
        path.startsWith(`${name}.`) ||
        (aliases[name] ?? []).some((alias) => path === alias || path.startsWith(`${alias}.`)),
    )
    .flatMap(([, messages]) => messages);
}

function SubmitResult({ outcome, onAnother }: { outcome: SubmitOutcome; onAnother: () => void }) {
  const { t, dateTime } = useI18n();
  if (outcome.kind === 'queued') {
    return (
      <section className="page" aria-labelledby="result-title">
        <h1 id="result-title">{t('form.queued.title')}</h1>
        <p role="status">{t('form.queued.explain')}</p>
        <p className="mono">{outcome.entry.digest}</p>
        <button type="button" onClick={onAnother}>
          {t('form.another')}
        </button>
      </section>
    );
  }
  const submitted: SubmittedStatement = outcome.submitted;
  return (
    <section className="page" aria-labelledby="result-title" data-logged-digest={submitted.digest}>
      <h1 id="result-title">{t('form.logged.title')}</h1>
      <p className="badge badge-verified" role="status">
        <span aria-hidden="true">✓ </span>
        {t('verified.yes', { index: String(submitted.index) })}
      </p>
      <dl className="facts">
        <dt>{t('field.digest')}</dt>
        <dd className="mono">{submitted.digest}</dd>
        <dt>{t('field.logIndex')}</dt>
        <dd>{String(submitted.index)}</dd>
        <dt>{t('field.logTime')}</dt>
        <dd>{dateTime(submitted.logTime)}</dd>
        <dt>{t('field.checkpoint')}</dt>
        <dd>
          {t('form.logged.checkpoint', { size: String(submitted.checkpoint.treeSize) })}{' '}
          <span className="mono">{encodeBase64(submitted.checkpoint.rootHash).slice(0, 16)}…</span>
        </dd>
        <dt>{t('field.inclusionProof')}</dt>
        <dd>{t('form.logged.proof', { count: submitted.answer.inclusion_proof.length })}</dd>
      </dl>
      {submitted.duplicate && <p className="notice">{t('form.logged.duplicate')}</p>}
      <p>
        <Link href={`/incidents/${submitted.digest}`}>{t('form.logged.open')}</Link>
      </p>
      <button type="button" onClick={onAnother}>
        {t('form.another')}
      </button>
    </section>
  );
}
