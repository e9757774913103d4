import { audienceSchema, type Audience } from '@jmm/domain';
import { StorageError } from '../storage-error.ts';
import { jsonFromColumn } from './column-values.ts';

/** An audience as the `audience_kind` and `audience_orgs` columns of `statements` hold it. */
export function audienceToColumns(audience: Audience): {
  audience_kind: string;
  audience_orgs: string | null;
} {
  return {
    audience_kind: audience.kind,
    audience_orgs: audience.kind === 'orgs' ? JSON.stringify(audience.orgs) : null,
  };
}

/** The audience back from its columns, checked against the domain's schema. */
export function audienceFromColumns(kind: string, orgs: string | null): Audience {
  const value = orgs === null ? { kind } : { kind, orgs: jsonFromColumn(orgs, 'statements.audience_orgs') };
  const result = audienceSchema.safeParse(value);
  if (!result.success) throw new StorageError('corrupt_data', `a stored audience is invalid (kind ${kind})`);
  return result.data;
}
