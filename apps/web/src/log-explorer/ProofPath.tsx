import { encodeBase64, type Checkpoint } from '@jmm/core';
import { useI18n } from '../i18n/i18n-context.tsx';

/** An inclusion proof as a path: the leaf hash, each sibling hash in order, and the checkpoint it leads to. */
export function ProofPath({
  leafHash,
  proof,
  checkpoint,
}: {
  leafHash: string;
  proof: readonly string[];
  checkpoint: Checkpoint;
}) {
  const i18n = useI18n();
  const t = i18n.t.bind(i18n);
  return (
    <section>
      <h4>{t('log.proof.heading')}</h4>
      <ol className="proof-path">
        <li>
          {t('log.proof.leaf')} <code className="break-all">{leafHash}</code>
        </li>
        {proof.map((hash, i) => (
          <li key={`${i}:${hash}`}>
            {t('log.proof.sibling', { step: i + 1 })} <code className="break-all">{hash}</code>
          </li>
        ))}
        <li>
          {t('log.proof.checkpoint', { size: checkpoint.treeSize.toString() })}{' '}
          <code className="break-all">{encodeBase64(checkpoint.rootHash)}</code>
        </li>
      </ol>
    </section>
  );
}
