import { lazy, Suspense, useId, useState } from 'react';
import { useJmm } from '../app/jmm-context.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { vocabularyLabel } from '../i18n/vocabulary-label.ts';
import { uploadEvidence } from './upload-evidence.ts';
import { isPickedLocation, type Field, type FieldValue, type UploadedEvidence } from './form-fields.ts';

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
  const { mechanism } = useJmm();
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

  switch (field.kind) {
    case 'text':
    case 'textarea':
    case 'json':
      return (
        <div className="field">
          <label htmlFor={id}>{label}</label>
          {field.kind === 'text' ? (
            <input
              id={id}
              value={stringValue}
              maxLength={field.max}
              required={required}
              onChange={(event) => onChange(event.target.value)}
              {...described}
            />
          ) : (
            <textarea
              id={id}
              value={stringValue}
              rows={field.kind === 'json' ? 6 : 5}
              required={field.kind === 'json' || required}
              placeholder={field.kind === 'json' ? field.placeholder : undefined}
              className={field.kind === 'json' ? 'mono' : undefined}
              dir={field.kind === 'json' ? 'ltr' : 'auto'}
              onChange={(event) => onChange(event.target.value)}
              {...described}
            />
          )}
          {errors}
        </div>
      );
    case 'number':
      return (
        <div className="field">
          <label htmlFor={id}>{label}</label>
          <input
            id={id}
            type="number"
            inputMode="numeric"
            min={field.min}
            max={field.max}
            value={stringValue}
            required={required}
            onChange={(event) => onChange(event.target.value)}
            {...described}
          />
          {errors}
        </div>
      );
    case 'datetime':
      return (
        <div className="field">
          <label htmlFor={id}>{label}</label>
          <input
            id={id}
            type="datetime-local"
            value={stringValue}
            required={required}
            onChange={(event) => onChange(event.target.value)}
            {...described}
          />
          <span className="hint">{t('form.localTimeHint')}</span>
          {errors}
        </div>
      );
    case 'select':
      return (
        <div className="field">
          <label htmlFor={id}>{label}</label>
          <select
            id={id}
            value={stringValue}
            required={required}
            onChange={(event) => onChange(event.target.value)}
            {...described}
          >
            {!required && <option value="">{t('form.none')}</option>}
            {field.options.map((option) => (
              <option key={option} value={String(option)}>
                {typeof option === 'number' ? String(option) : vocabularyLabel(t, option)}
              </option>
            ))}
          </select>
          {errors}
        </div>
      );
    case 'org':
    case 'orgs': {
      const orgs = mechanism.orgs.filter(
        (org) => field.orgKinds === undefined || field.orgKinds.includes(org.kind),
      );
      if (field.kind === 'org') {
        return (
          <div className="field">
            <label htmlFor={id}>{label}</label>
            <select
              id={id}
              value={stringValue}
              required={required}
              onChange={(event) => onChange(event.target.value)}
              {...described}
            >
              <option value="">{t('form.none')}</option>
              {orgs.map((org) => (
                <option key={org.id} value={org.id}>
                  {org.name}
                </option>
              ))}
            </select>
            {errors}
          </div>
        );
      }
      return (
        <fieldset className="field" {...described}>
          <legend>{label}</legend>
          {orgs.map((org) => (
            <label key={org.id} className="check">
              <input
                type="checkbox"
                checked={listValue.includes(org.id)}
                onChange={(event) =>
                  onChange(
                    event.target.checked
                      ? [...listValue, org.id]
                      : listValue.filter((item) => item !== org.id),
                  )
                }
              />
              {org.name}
            </label>
          ))}
          {errors}
        </fieldset>
      );
    }
    case 'multi':
      return (
        <fieldset className="field" {...described}>
          <legend>{label}</legend>
          {field.options.map((option) => (
            <label key={option} className="check">
              <input
                type="checkbox"
                checked={listValue.includes(option)}
                onChange={(event) =>
                  onChange(
                    event.target.checked
                      ? [...listValue, option]
                      : listValue.filter((item) => item !== option),
                  )
                }
              />
              {vocabularyLabel(t, option)}
            </label>
          ))}
          {errors}
        </fieldset>
      );
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
      return (
        <div className="field">
          <label htmlFor={id}>{label}</label>
          <textarea
            id={id}
            rows={2}
            dir="ltr"
            className="mono"
            value={stringValue}
            placeholder="ver/analyst-1"
            onChange={(event) => onChange(event.target.value)}
            {...described}
          />
          <span className="hint">{t('form.membersHint')}</span>
          {errors}
        </div>
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
  label: React.ReactNode;
  value: readonly UploadedEvidence[];
  onChange: (value: FieldValue) => void;
  errors: React.ReactNode;
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
