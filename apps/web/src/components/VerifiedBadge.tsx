import { isClientError, type VerifiedStatement } from '@jmm/client';
import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/i18n-context.tsx';

/**
 * "Verified in log" (DESIGN.md §7): computed in this browser, never taken from the server's word. `verify`
 * fetches the record's envelope and inclusion proof and checks them against a checkpoint signed by the pinned
 * log key and consistent with every checkpoint this page has seen (JmmClient.readStatement). Any failure of
 * that chain shows as not verified, with why.
 */
export type Verification =
  | { readonly state: 'checking' }
  | { readonly state: 'verified'; readonly statement: VerifiedStatement }
  | { readonly state: 'failed'; readonly reason: string }
  | { readonly state: 'unavailable'; readonly reason: string };

/** Failures that mean the proof is wrong, as opposed to the check not being possible right now. */
const PROOF_FAILURES = new Set([
  'checkpoint_invalid',
  'proof_invalid',
  'entry_mismatch',
  'split_view',
  'invalid_response',
]);

export function classifyVerificationError(error: unknown): Verification {
  const reason = error instanceof Error ? error.message : String(error);
  if (isClientError(error) && PROOF_FAILURES.has(error.code)) return { state: 'failed', reason };
  return { state: 'unavailable', reason };
}

export function useVerification(
  digest: string,
  verify: (digest: string) => Promise<VerifiedStatement>,
  refresh = 0,
): Verification {
  const [verification, setVerification] = useState<Verification>({ state: 'checking' });
  useEffect(() => {
    let live = true;
    setVerification({ state: 'checking' });
    verify(digest).then(
      (statement) => live && setVerification({ state: 'verified', statement }),
      (error: unknown) => live && setVerification(classifyVerificationError(error)),
    );
    return () => {
      live = false;
    };
  }, [digest, verify, refresh]);
  return verification;
}

export function VerifiedBadge({
  digest,
  verify,
}: {
  digest: string;
  verify: (digest: string) => Promise<VerifiedStatement>;
}) {
  const verification = useVerification(digest, verify);
  return <VerifiedBadgeView verification={verification} />;
}

export function VerifiedBadgeView({ verification }: { verification: Verification }) {
  const { t, dateTime } = useI18n();
  switch (verification.state) {
    case 'checking':
      return (
        <span className="badge badge-checking" role="status">
          {t('verified.checking')}
        </span>
      );
    case 'verified': {
      const { statement } = verification;
      return (
        <span
          className="badge badge-verified"
          role="status"
          title={t('verified.detail', {
            index: String(statement.index),
            size: String(statement.checkpoint.treeSize),
            time: dateTime(statement.logTime),
          })}
        >
          <span aria-hidden="true">✓ </span>
          {t('verified.yes', { index: String(statement.index) })}
        </span>
      );
    }
    case 'failed':
      return (
        <span className="badge badge-failed" role="alert" title={verification.reason}>
          <span aria-hidden="true">✗ </span>
          {t('verified.no')}
          <span className="visually-hidden">: {verification.reason}</span>
        </span>
      );
    case 'unavailable':
      return (
        <span className="badge badge-unavailable" role="status" title={verification.reason}>
          {t('verified.unavailable')}
        </span>
      );
  }
}
