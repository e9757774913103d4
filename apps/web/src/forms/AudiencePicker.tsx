import { canOrgRead, type Audience } from '@jmm/domain';
import { useId } from 'react';
import { useJmm } from '../app/jmm-context.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import type { AudienceChoice } from './form-fields.ts';

/**
 * The audience of a statement and, before anything is signed, exactly who will be able to read it (issue 10):
 * computed with the domain's own `canOrgRead`, the rule the server's views apply.
 */
export function AudiencePicker({
  choices,
  audience,
  onChange,
  issuerOrg,
}: {
  choices: readonly AudienceChoice[];
  audience: Audience;
  onChange: (audience: Audience) => void;
  issuerOrg: string;
}) {
  const { t } = useI18n();
  const { mechanism } = useJmm();
  const name = useId();
  const readers = mechanism.orgs.filter((org) => canOrgRead(audience, issuerOrg, org.id));
  return (
    <fieldset className="audience">
      <legend>{t('audience.title')}</legend>
      {choices.length === 1 && choices[0] === 'public' && <p className="hint">{t('audience.fixedPublic')}</p>}
      {choices.map((choice) => (
        <label key={choice} className="check">
          <input
            type="radio"
            name={name}
            checked={audience.kind === choice}
            onChange={() =>
              onChange(
                choice === 'orgs'
                  ? {
                      kind: 'orgs',
                      orgs: mechanism.orgs
                        .filter((org) => org.id !== issuerOrg)
                        .slice(0, 1)
                        .map((org) => org.id),
                    }
                  : { kind: choice },
              )
            }
          />
          {t(`audience.${choice}`)}
        </label>
      ))}
      {audience.kind === 'orgs' && (
        <fieldset className="nested">
          <legend>{t('audience.chooseOrgs')}</legend>
          {mechanism.orgs
            .filter((org) => org.id !== issuerOrg)
            .map((org) => (
              <label key={org.id} className="check">
                <input
                  type="checkbox"
                  checked={audience.orgs.includes(org.id)}
                  onChange={(event) => {
                    const orgs = event.target.checked
                      ? [...audience.orgs, org.id]
                      : audience.orgs.filter((id) => id !== org.id);
                    onChange({ kind: 'orgs', orgs });
                  }}
                />
                {org.name}
              </label>
            ))}
        </fieldset>
      )}
      <div className="who-reads" role="status" aria-live="polite">
        <strong>{t('audience.whoReads')}</strong>{' '}
        {audience.kind === 'public' ? (
          <span>{t('audience.everyone')}</span>
        ) : (
          <span>{readers.map((org) => org.name).join(' · ')}</span>
        )}
      </div>
    </fieldset>
  );
}
