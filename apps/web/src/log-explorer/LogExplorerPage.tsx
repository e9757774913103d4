import { useResource } from '../components/use-resource.ts';
import { useMemo } from 'react';
import { useJmm } from '../app/jmm-context.tsx';
import { useLocation } from '../app/router.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { CheckpointPanel } from './CheckpointPanel.tsx';
import { EntryLookup } from './EntryLookup.tsx';
import { createLogReader } from './log-reader.ts';
import { verifyCheckpointNote } from './verify-checkpoint-note.ts';
import './log-explorer.css';

/**
 * The log explorer (DESIGN.md §7): the latest checkpoint verified in this browser against the pinned log key,
 * the witnesses' cosignatures, and any entry looked up by digest or index with its inclusion proof. Everything
 * shown as verified was checked here; the server's word alone never makes anything verified.
 */
export default function LogExplorerPage() {
  const { client, mechanism, trust, treeSize } = useJmm();
  const i18n = useI18n();
  const t = i18n.t.bind(i18n);
  const { query } = useLocation();
  const reader = useMemo(() => createLogReader((input, init) => fetch(input, init)), []);
  const [loaded, retry] = useResource(
    async () =>
      verifyCheckpointNote(await reader.readCheckpointNote(), {
        origin: mechanism.origin,
        logVerifierKey: trust.logVerifierKey,
        witnesses: mechanism.witnesses,
        witnessPolicy: mechanism.settings.witness_policy,
      }),
    [reader, mechanism, trust.logVerifierKey, treeSize],
  );
  const checkpoint = loaded.state === 'ready' && loaded.value.verified ? loaded.value.checkpoint : undefined;
  return (
    <div className="log-explorer">
      <h1>{t('log.title')}</h1>
      <p>{t('log.intro')}</p>
      <CheckpointPanel
        loaded={loaded}
        retry={retry}
        pinnedKey={trust.logVerifierKey}
        presentedKey={trust.presentedKey}
      />
      <EntryLookup
        client={client}
        reader={reader}
        checkpoint={checkpoint}
        initial={query.get('entry') ?? ''}
      />
    </div>
  );
}
