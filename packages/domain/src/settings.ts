import { z } from 'zod';
import { digestSchema, orgIdSchema, shortTextSchema, verifierKeySchema } from './vocabulary.ts';

/** Hours to acknowledge and to respond, per exchange priority (DESIGN.md §3 exchanges). */
const deadlineSchema = z.strictObject({
  acknowledge_hours: z
    .number()
    .int()
    .min(1)
    .max(24 * 90),
  respond_hours: z
    .number()
    .int()
    .min(1)
    .max(24 * 365),
});

/** A witness the log pushes checkpoints to (c2sp.org/tlog-witness), run by a member organisation. */
export const witnessSchema = z.strictObject({
  name: z.string().min(1).max(200),
  vkey: verifierKeySchema,
  org: orgIdSchema,
  /** The witness's add-checkpoint endpoint, when the log should push to it. */
  url: z.url().max(500).optional(),
});

/**
 * Mechanism settings (DESIGN.md §3, `mechanism.genesis` and `settings.change`). Changes take effect only when
 * every party endorses them, so no party can change the rules alone.
 */
export const settingsSchema = z.strictObject({
  deadlines: z.strictObject({ routine: deadlineSchema, priority: deadlineSchema, flash: deadlineSchema }),
  /** Concurring verifier endorsements that make a finding final. */
  finding_quorum: z.number().int().min(1).max(20),
  time_zones: z.array(z.string().min(1).max(64)).min(1).max(8),
  languages: z
    .array(z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/))
    .min(1)
    .max(8),
  /** Public outputs suppress any count below this (least disclosure, DESIGN.md §1.7). */
  public_min_cell_size: z.number().int().min(1).max(100),
  /**
   * Public locations are rounded to a grid of this many metres, admin1 kept and finer names dropped
   * (public-disclosure.ts). Defaults apply to genesis statements written before the setting existed.
   */
  public_location_precision_m: z.number().int().min(100).max(500_000).default(10_000),
  /** Public event times are rounded down to the start of this period (UTC). */
  public_time_precision: z.enum(['day', 'week', 'month']).default('day'),
  reference_geodata_digest: digestSchema.optional(),
  /** How far a statement's issued_at may be from log time, in seconds. */
  issued_at_tolerance_seconds: z
    .number()
    .int()
    .min(10)
    .max(7 * 24 * 3600),
  /**
   * How long before its log time a statement may have been signed: a field officer signs offline and submits
   * when back in reach (DESIGN.md §7). Deadlines and metrics use log time, so a late statement is shown with
   * both times and gains nothing by its earlier signature. Defaults apply to older genesis statements.
   */
  offline_window_hours: z
    .number()
    .int()
    .min(0)
    .max(30 * 24)
    .default(72),
  witnesses: z.array(witnessSchema).max(16),
  /** Organisations whose witness cosignatures make a checkpoint final. */
  witness_policy: z.array(orgIdSchema).max(16),
  /** A demonstration mechanism shows "synthetic demonstration data" everywhere (DESIGN.md §9). */
  synthetic: z.boolean(),
  mechanism_name: shortTextSchema.optional(),
});
export type Settings = z.infer<typeof settingsSchema>;

/** Settings a new mechanism starts from unless its genesis says otherwise. */
export const DEFAULT_SETTINGS: Settings = {
  deadlines: {
    routine: { acknowledge_hours: 48, respond_hours: 14 * 24 },
    priority: { acknowledge_hours: 12, respond_hours: 72 },
    flash: { acknowledge_hours: 2, respond_hours: 24 },
  },
  finding_quorum: 2,
  time_zones: ['Asia/Karachi', 'Asia/Kabul'],
  languages: ['en', 'ur', 'ps', 'fa-AF'],
  public_min_cell_size: 5,
  public_location_precision_m: 10_000,
  public_time_precision: 'day',
  issued_at_tolerance_seconds: 600,
  offline_window_hours: 72,
  witnesses: [],
  witness_policy: [],
  synthetic: false,
};

/** RFC 7396 JSON merge patch of settings: what `settings.change` carries. Validated again after merging. */
export const settingsPatchSchema = z
  .record(z.string().max(64), z.unknown())
  .refine((patch) => Object.keys(patch).length > 0, {
    error: 'a settings change changes something',
  });

/** Applies an RFC 7396 merge patch to settings and validates the result. Returns undefined if invalid. */
export function mergeSettings(settings: Settings, patch: Record<string, unknown>): Settings | undefined {
  const merged = applyMergePatch(settings, patch);
  const result = settingsSchema.safeParse(merged);
  return result.success ? result.data : undefined;
}

/** RFC 7396 §2 MergePatch. */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return patch;
  const result = new Map<string, unknown>(
    typeof target === 'object' && target !== null && !Array.isArray(target) ? Object.entries(target) : [],
  );
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) result.delete(key);
    else result.set(key, applyMergePatch(result.get(key), value));
  }
  return Object.fromEntries(result);
}
