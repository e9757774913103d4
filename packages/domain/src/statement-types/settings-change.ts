import { mergeSettings } from '../settings.ts';
import { settingsChangeBodySchema } from '../statements/membership.ts';
import { fail } from './fail.ts';
import { pendingChangeEndorsement } from './pending-change-endorsement.ts';
import type { StatementHandler } from './statement-handler.ts';

/** `settings.change`: a merge patch of the settings, pending until every party concurs (DESIGN.md §1.8). */
export const settingsChangeHandler: StatementHandler<'settings.change'> = {
  body: settingsChangeBodySchema,
  validate(statement, state) {
    if (mergeSettings(state.settings, statement.body.patch) === undefined) {
      fail('invalid_statement', 'the settings after this change would not be valid settings');
    }
  },
  apply(state, { statement, digest }) {
    state.pending.set(digest, { digest, statement, positions: new Map() });
    return [];
  },
  endorsement: pendingChangeEndorsement('settings.change', (state, change) => {
    if (change.statement.type !== 'settings.change') return;
    // Validated when the change was submitted; the settings it patches cannot have changed meanwhile without
    // another unanimous change, so a merge that fails now would be a bug, not a user error.
    const merged = mergeSettings(state.settings, change.statement.body.patch);
    if (merged !== undefined) state.settings = merged;
  }),
};
