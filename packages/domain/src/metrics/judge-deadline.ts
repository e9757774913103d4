/**
 * How an obligation stands at `asOf`: done by its deadline (`on_time`); done after it, or not done when it
 * passed (`late`); not done and not yet due (`pending`); or lifted before it fell due (`lapsed`: an exchange
 * closed by its requester owes nothing more). Only on-time and late obligations are "due" — shares of
 * obligations met on time are on_time / (on_time + late), so pending work neither helps nor hurts a party.
 * A deadline passes when log time is strictly after it, as in listExchangeObligations.
 */
export type DeadlineOutcome = 'on_time' | 'late' | 'pending' | 'lapsed';

export function judgeDeadline(
  doneAt: number | undefined,
  deadline: number,
  asOf: number,
  liftedAt?: number,
): DeadlineOutcome {
  if (doneAt !== undefined) return doneAt <= deadline ? 'on_time' : 'late';
  if (Math.min(liftedAt ?? asOf, asOf) > deadline) return 'late';
  return liftedAt === undefined ? 'pending' : 'lapsed';
}
