import type { ReportDraft } from '@jmm/client';
import type { OrgKind, Ref } from '@jmm/domain';
import type { MessageKey } from '../i18n/i18n-context.tsx';

/**
 * The fields a statement form is made of. A form is data (form-specs.ts): the page renders the fields, keeps
 * the values as a draft, and `toBody` turns them into the statement body that the domain schema — the same
 * one the server applies — then validates before anything is signed.
 */
export type Field =
  | {
      readonly kind: 'text' | 'textarea';
      readonly name: string;
      readonly label: MessageKey;
      readonly optional?: boolean;
      readonly max?: number;
    }
  | {
      readonly kind: 'select';
      readonly name: string;
      readonly label: MessageKey;
      readonly options: readonly (string | number)[];
      readonly optional?: boolean;
    }
  | {
      readonly kind: 'multi';
      readonly name: string;
      readonly label: MessageKey;
      readonly options: readonly string[];
    }
  | {
      readonly kind: 'org' | 'orgs';
      readonly name: string;
      readonly label: MessageKey;
      readonly orgKinds?: readonly OrgKind[];
      readonly optional?: boolean;
    }
  | {
      readonly kind: 'number';
      readonly name: string;
      readonly label: MessageKey;
      readonly min: number;
      readonly max: number;
      readonly optional?: boolean;
    }
  | {
      readonly kind: 'datetime';
      readonly name: string;
      readonly label: MessageKey;
      readonly optional?: boolean;
    }
  | { readonly kind: 'checkbox'; readonly name: string; readonly label: MessageKey }
  | { readonly kind: 'location'; readonly name: string; readonly label: MessageKey }
  | { readonly kind: 'evidence'; readonly name: string; readonly label: MessageKey }
  | {
      readonly kind: 'members';
      readonly name: string;
      readonly label: MessageKey;
      readonly optional?: boolean;
    }
  /** A report drafted by the server from the log (POST /api/v1/reports/drafts): shown, never edited. */
  | { readonly kind: 'report'; readonly name: string; readonly label: MessageKey }
  | {
      readonly kind: 'json';
      readonly name: string;
      readonly label: MessageKey;
      readonly placeholder?: string;
    };

export interface PickedLocation {
  readonly lat: number;
  readonly lon: number;
  readonly admin1: string | undefined;
}

export interface UploadedEvidence {
  readonly sha256: string;
  readonly media_type: string;
  readonly size: number;
  readonly description?: string;
  readonly name: string;
}

export type FieldValue =
  | string
  | boolean
  | readonly string[]
  | PickedLocation
  | readonly UploadedEvidence[]
  | ReportDraft
  | undefined;
export type FormValues = Readonly<Record<string, FieldValue>>;

/** Which audiences a form offers, and which it starts with. */
export type AudienceChoice = 'public' | 'mechanism' | 'orgs';

export interface FormSpec {
  readonly title: MessageKey;
  readonly fields: readonly Field[];
  /** Relations this statement must reference (filled from the page it was opened from: `?ref=rel:digest`). */
  readonly refs: readonly Ref['rel'][];
  readonly audiences: readonly AudienceChoice[];
  readonly defaultAudience: AudienceChoice;
  readonly initial?: FormValues;
  /**
   * The one audience the values oblige, if any: a drafted report must be issued to the audience its values
   * were computed for, or the log refuses it.
   */
  audienceOf?(values: FormValues): AudienceChoice | undefined;
  toBody(values: FormValues): unknown;
}

// ---- reading values: each returns undefined for an empty field, so optional body fields are left out ----

export function text(values: FormValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

export function list(values: FormValues, name: string): string[] {
  const value = values[name];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

export function numberOf(values: FormValues, name: string): number | undefined {
  const value = text(values, name);
  if (value === undefined) return undefined;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : Number.NaN;
}

/** A `datetime-local` value (the browser's local time) as RFC 3339 UTC; the schema reports an unusable one. */
export function timestamp(values: FormValues, name: string): string | undefined {
  const value = text(values, name);
  if (value === undefined) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? value : new Date(time).toISOString().replace(/\.000Z$/, 'Z');
}

export function evidenceOf(
  values: FormValues,
  name: string,
): { sha256: string; media_type: string; size: number; description?: string }[] {
  const value = values[name];
  if (!Array.isArray(value)) return [];
  return (value as readonly UploadedEvidence[]).map((item) => ({
    sha256: item.sha256,
    media_type: item.media_type,
    size: item.size,
    ...(item.description === undefined || item.description === '' ? {} : { description: item.description }),
  }));
}

export function locationOf(values: FormValues, name: string): PickedLocation | undefined {
  const value = values[name];
  return isPickedLocation(value) ? value : undefined;
}

export function isPickedLocation(value: FieldValue): value is PickedLocation {
  return typeof value === 'object' && !Array.isArray(value) && 'lat' in value;
}

export function isReportDraft(value: FieldValue): value is ReportDraft {
  return typeof value === 'object' && !Array.isArray(value) && 'body' in value && 'documents' in value;
}

export function reportDraftOf(values: FormValues, name: string): ReportDraft | undefined {
  const value = values[name];
  return isReportDraft(value) ? value : undefined;
}

/** `org/member` per line, as a case team lists its analysts and observers. */
export function membersOf(values: FormValues, name: string): { org: string; member: string }[] {
  return (text(values, name) ?? '')
    .split(/[\n,]/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const [org = '', member = ''] = line.split('/');
      return { org: org.trim(), member: member.trim() };
    });
}

/** A JSON field; unparseable text is passed on as text, for the schema to report where it is wrong. */
export function jsonOf(values: FormValues, name: string): unknown {
  const value = text(values, name);
  if (value === undefined) return undefined;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

/** Drops keys whose value is undefined: the schemas are strict, and absent is not the same as undefined. */
export function compact<T extends Record<string, unknown>>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as T;
}
