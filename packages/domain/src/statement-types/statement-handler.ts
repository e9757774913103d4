import type { z } from 'zod';
import type { MechanismState, SequencedStatement } from '../mechanism-state.ts';
import type { PublicPrecision } from '../public-precision.ts';
import type { StatementOf, StatementType } from '../statements/statement.ts';
import type { ValidationContext } from '../validation-context.ts';
import type { StatementNeeds } from '../list-statement-needs.ts';

/** A sequenced statement of type `T`. */
export type SequencedOf<T extends StatementType> = SequencedStatement & {
  readonly statement: StatementOf<T>;
};

/**
 * What endorsing a statement of one type means (DESIGN.md §3 "endorse"). Who may endorse it is
 * ENDORSEMENT_RULES (rules.ts), checked by the `endorse` handler before it calls these hooks.
 */
export interface EndorsementHooks {
  /**
   * Checks that the statement `endorsed` can still be endorsed, by `endorsement`'s issuer and in its way (a
   * finding's case is still open, a release is not yet public). Throws a DomainError; changes nothing.
   */
  readonly validateEndorsement: (
    endorsement: StatementOf<'endorse'>,
    endorsed: string,
    state: MechanismState,
  ) => void;
  /**
   * Applies an accepted endorsement of `endorsed` (a quorum reached, a release published, a change taking
   * effect); returns the digests of the workflow records it changed. Absent when an endorsement only records
   * support and changes nothing.
   */
  readonly applyEndorsement?: (
    state: MechanismState,
    sequenced: SequencedOf<'endorse'>,
    endorsed: string,
    keyIdOf: (publicKey: string) => string,
  ) => readonly string[];
}

/**
 * Everything one statement type means, in one place (STYLE.md habit 14): its body, its rules, its effect on
 * mechanism state and what it discloses. Registered in STATEMENT_HANDLERS, whose type demands one per type.
 * Who may issue it is not here: rules.ts is the one authorisation table, and validateStatement checks it first.
 * `StatementHandler<StatementType>` is the dispatchers' view: a handler of whatever statement they hold.
 */
export interface StatementHandler<T extends StatementType> {
  /** The body schema; the same value statementSchema parses this type's body with. */
  readonly body: z.ZodType<StatementOf<T>['body']>;
  /**
   * The type's own rules, that depend on the records it refers to (DESIGN.md §3, §6): who may act on which
   * record, in which state. Runs after the generic checks of validateStatement (key, issuer rule, issued_at,
   * refs, evidence binding, public precision). Throws a DomainError; changes nothing.
   */
  readonly validate: (statement: StatementOf<T>, state: MechanismState, context: ValidationContext) => void;
  /**
   * Applies a statement that validation accepted (DESIGN.md §6 state machines); returns the digests of the
   * workflow records it created or changed. `keyIdOf` maps a base64 public key to its key id (DESIGN.md §3).
   */
  readonly apply: (
    state: MechanismState,
    sequenced: SequencedOf<T>,
    keyIdOf: (publicKey: string) => string,
  ) => readonly string[];
  /** The SHA-256 of each evidence file the statement lists, without duplicates (DESIGN.md §5 blobs). */
  readonly listEvidence?: (statement: StatementOf<T>) => string[];
  /** What a public statement of this type gives more precisely than `precision` allows (DESIGN.md §1.7). */
  readonly findFinePublicDetail?: (
    statement: StatementOf<T>,
    precision: PublicPrecision,
  ) => string | undefined;
  /** The public statement with what `findFinePublicDetail` would refuse coarsened onto `precision`. */
  readonly coarsenForPublic?: (statement: StatementOf<T>, precision: PublicPrecision) => StatementOf<T>;
  /**
   * What validation reads beyond the statement's refs, for the sequencer to prefetch (list-statement-needs.ts);
   * absent when refs are all.
   */
  readonly listNeeds?: (statement: StatementOf<T>) => Omit<StatementNeeds, 'recordDigests'>;
  /** Present exactly for the types ENDORSEMENT_RULES lets someone endorse. */
  readonly endorsement?: EndorsementHooks;
}
