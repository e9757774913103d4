import { z } from 'zod';

/** DESIGN.md §2: organisation kinds. */
export const ORG_KINDS = ['party', 'verifier', 'mediator', 'secretariat', 'observer'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

/** DESIGN.md §2: member roles. */
export const ROLES = ['admin', 'reporter', 'liaison', 'analyst', 'approver', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** Organisation ids: short, lowercase, stable; they appear in log entries and URLs. */
export const orgIdSchema = z.string().regex(/^[a-z][a-z0-9-]{1,31}$/, 'an org id is 2–32 of a-z, 0-9, -');
/** Member ids are unique within their organisation. */
export const memberIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'a member id is 1–64 of a-z, 0-9, . _ -');
/** A statement's identity: `sha256:` + 64 lowercase hex digits of its stored envelope (DESIGN.md §3). */
export const digestSchema = z
  .string()
  .regex(/^sha256:[0-9a-f]{64}$/, 'a digest is sha256:<64 lowercase hex>');
/** RFC 3339 in UTC with a `Z`, at most millisecond precision: comparable as text and as instants. */
export const timestampSchema = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/,
    'a timestamp is RFC 3339 UTC, e.g. 2026-01-31T12:00:00Z',
  )
  .refine(
    (text) =>
      !Number.isNaN(Date.parse(text)) &&
      new Date(Date.parse(text)).toISOString().slice(0, 10) === text.slice(0, 10),
    {
      error: 'not a calendar date',
    },
  );
/** A raw Ed25519 public key, standard base64 (44 characters). */
export const publicKeySchema = z
  .string()
  .regex(/^[A-Za-z0-9+/]{43}=$/, 'an Ed25519 public key is 32 bytes in base64');
/** Human text that fits a form field; the display layer never trusts it. */
export const shortTextSchema = z.string().min(1).max(200);
export const longTextSchema = z.string().min(1).max(20_000);
/** A C2SP verifier key string (c2sp.org/signed-note). */
export const verifierKeySchema = z.string().min(1).max(300);

export const orgKindSchema = z.enum(ORG_KINDS);
export const roleSchema = z.enum(ROLES);
