import { lazy, Suspense, useId, useState, type ChangeEvent, type ReactNode } from 'react';
import { useJmm } from '../app/jmm-context.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { vocabularyLabel } from '../i18n/vocabulary-label.ts';
import { ReportDraftField } from './ReportDraftField.tsx';
import { uploadEvidence } from './upload-evidence.ts';
import {
  isPickedLocation,
  isReportDraft,
  type Field,
  type FieldValue,
  type UploadedEvidence,
} from './form-fields.ts';

const LocationPicker = lazy(() => import('../map/LocationPicker.tsx'));

/** One field of a statement form, labelled, with its schema issues (from the same schema the server applies). */
export function FormField({
  field,
  value,
  onChange,
  issues,
}: {
  field: Field;
  value: FieldValue;
  onChange: (value: FieldValue) => void;
  issues: readonly string[];
}) {
  const { t } = useI18n();
  const { mechanism, client } = useJmm();
  const id = useId();
  const errorId = `${id}-error`;
  const described = issues.length > 0 ? { 'aria-describedby': errorId, 'aria-invalid': true } : {};
  const label = (
    <>
      {t(field.label)}
      {'optional' in field && field.optional && <span className="optional"> ({t('form.optional')})</span>}
    </>
  );
  const stringValue = typeof value === 'string' ? value : '';
  const listValue = Array.isArray(value) ? (value as readonly string[]) : [];
  const errors =
    issues.length > 0 ? (
      <span id={errorId} className="field-error">
        {issues.join('; ')}
      </span>
    ) : null;
  const required = !('optional' in field && field.optional);

  // One frame for every labelled control: label, control, hint, the schema's issues.
  const framed = (control: ReactNode, hint?: ReactNode) => (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {control}
      {hint}
      {errors}
    </div>
  );
  // What every single-value control shares: its id, value, requiredness, change handler and error wiring.
  const control = {
    id,
    value: stringValue,
    required,
    onChange: (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) => {
      onChange(event.target.value);
    },
    ...described,
  };
  // A set of checkboxes whose value is the list of checked option values.
  const checkList = (options: readonly { value: string; label: string }[]) => (
    <fieldset className="field" {...described}>
      <legend>{label}</legend>
      {options.map((option) => (
        <label key={option.value} className="check">
          <input
            type="checkbox"
            checked={listValue.includes(option.value)}
            onChange={(event) => {
              onChange(
                event.target.checked
                  ? [...listValue, option.value]
                  : listValue.filter((item) => item !== option.value),
              );
            }}
          />
          {option.label}
        </label>
      ))}
      {errors}
    </fieldset>
  );

  switch (field.kind) {
    case 'text':
      return framed(<input {...control} maxLength={field.max} />);
    case 'textarea':
      return framed(<textarea {...control} rows={5} dir="auto" />);
    case 'json':
      return framed(
        <textarea
          {...control}
          rows={6}
          required
          placeholder={field.placeholder}
          className="mono"
          dir="ltr"
        />,
      );
    case 'number':
      return framed(<input {...control} type="number" inputMode="numeric" min={field.min} max={field.max} />);
    case 'datetime':
      return framed(
        <input {...control} type="datetime-local" />,
        <span className="hint">{t('form.localTimeHint')}</span>,
      );
    case 'select':
      return framed(
        <select {...control}>
          {!required && <option value="">{t('form.none')}</option>}
          {field.options.map((option) => (
            <option key={option} value={String(option)}>
              {typeof option === 'number' ? String(option) : vocabularyLabel(t, option)}
            </option>
          ))}
        </select>,
      );
    case 'org':
    case 'orgs': {
      const orgs = mechanism.orgs.filter(
        (org) => field.orgKinds === undefined || field.orgKinds.includes(org.kind),
      );
      if (field.kind === 'orgs') return checkList(orgs.map((org) => ({ value: org.id, label: org.name })));
      return framed(
        <select {...control}>
          <option value="">{t('form.none')}</option>
          {orgs.map((org) => (
            <option key={org.id} value={org.id}>
              {org.name}
            </option>
          ))}
        </select>,
      );
    }
    case 'multi':
      return checkList(field.options.map((option) => ({ value: option, label: vocabularyLabel(t, option) })));
    case 'checkbox':
      return (
        <div className="field">
          <label className="check">
            <input
              type="checkbox"
              checked={value === true}
              onChange={(event) => onChange(event.target.checked)}
            />
            {label}
          </label>
          {errors}
        </div>
      );
    case 'members':
      return framed(
        <textarea {...control} rows={2} dir="ltr" className="mono" placeholder="ver/analyst-1" />,
        <span className="hint">{t('form.membersHint')}</span>,
      );
    case 'location':
      return (
        <fieldset className="field">
          <legend>{label}</legend>
          {/* The placeholder holds the picker's height, so the form below does not jump when the map arrives. */}
          <Suspense
            fallback={
              <p className="picker-placeholder" role="status">
                {t('common.loading')}
              </p>
            }
          >
            <LocationPicker
              label={t(field.label)}
              value={isPickedLocation(value) ? value : undefined}
              onChange={(picked) => onChange(picked)}
            />
          </Suspense>
          {errors}
        </fieldset>
      );
    case 'report':
      return (
        <ReportDraftField
          label={label}
          value={isReportDraft(value) ? value : undefined}
          onChange={onChange}
          errors={errors}
          prepare={(request) => client.draftReport(request)}
        />
      );
    case 'evidence':
      return (
        <EvidenceField
          id={id}
          label={label}
          value={Array.isArray(value) ? (value as readonly UploadedEvidence[]) : []}
          onChange={onChange}
          errors={errors}
        />
      );
  }
}

function EvidenceField({
  id,
  label,
  value,
  onChange,
  errors,
}: {
  id: string;
  label: ReactNode;
  value: readonly UploadedEvidence[];
  onChange: (value: FieldValue) => void;
  errors: ReactNode;
}) {
  const { t } = useI18n();
  const { session } = useJmm();
  const [uploading, setUploading] = useState(false);
  const [uploadError, setUploadError] = useState<string | undefined>(undefined);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="file"
        multiple
        disabled={uploading || session === undefined}
        onChange={(event) => {
          const files = [...(event.target.files ?? [])];
          event.target.value = '';
          if (session === undefined || files.length === 0) return;
          setUploading(true);
          setUploadError(undefined);
          void Promise.all(files.map((file) => uploadEvidence(file, session)))
            .then((uploaded) => onChange([...value, ...uploaded]))
            .catch((error: unknown) => setUploadError(error instanceof Error ? error.message : String(error)))
            .finally(() => setUploading(false));
        }}
      />
      {uploading && <span role="status">{t('form.evidence.uploading')}</span>}
      {uploadError !== undefined && (
        <span className="field-error" role="alert">
          {uploadError}
        </span>
      )}
      {value.length > 0 && (
        <ul className="evidence-list">
          {value.map((item) => (
            <li key={item.sha256}>
              <span>{item.name}</span> <span className="mono">sha256:{item.sha256.slice(0, 16)}…</span> (
              {item.media_type}, {item.size} B){' '}
              <button
                type="button"
                className="link"
                onClick={() => onChange(value.filter((other) => other.sha256 !== item.sha256))}
              >
                {t('form.evidence.remove', { name: item.name })}
              </button>
            </li>
          ))}
        </ul>
      )}
      {errors}
    </div>
  );
}
