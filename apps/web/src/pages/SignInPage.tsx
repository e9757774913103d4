import { isClientError } from '@jmm/client';
import { encodeBase64, decodeBase64 } from '@jmm/core';
import { useCallback, useEffect, useState, type SyntheticEvent } from 'react';
import { useJmm } from '../app/jmm-context.tsx';
import { navigate } from '../app/router.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { encryptKeyFile, KeyFileError, MIN_PASSPHRASE_LENGTH, openKeyFile } from '../session/key-file.ts';
import { deleteMemberKey, listMemberKeys, saveMemberKey, type StoredKey } from '../session/key-store.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';

interface DemoMember {
  readonly org: string;
  readonly member: string;
  readonly display_name: string;
  readonly roles: readonly string[];
  readonly seed: string;
}

/** Sign in with a key held in this browser, imported from a key file, or (demo only) a demo member's key. */
export default function SignInPage({ reason }: { reason?: string }) {
  const { t } = useI18n();
  const { client, mechanism, signIn } = useJmm();
  const [keys, setKeys] = useState<StoredKey[]>([]);
  const [demoMembers, setDemoMembers] = useState<readonly DemoMember[]>([]);
  const [busy, setBusy] = useState<string | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);

  const refreshKeys = useCallback(
    async () => setKeys(await listMemberKeys(mechanism.origin)),
    [mechanism.origin],
  );
  useEffect(() => {
    void refreshKeys().catch(setError);
    // A real mechanism never offers demo keys: the server answers them only for a synthetic demo.
    if (mechanism.synthetic)
      void client.readDemoMembers().then(
        (members) => setDemoMembers(members ?? []),
        () => undefined,
      );
  }, [client, mechanism.synthetic, refreshKeys]);

  async function enter(key: StoredKey) {
    setBusy(key.id);
    setError(undefined);
    try {
      await signIn(key);
      navigate('/inbox');
    } catch (cause) {
      setError(cause);
    } finally {
      setBusy(undefined);
    }
  }

  async function enterAsDemo(member: DemoMember) {
    const key = await saveMemberKey(
      { origin: mechanism.origin, org: member.org, member: member.member },
      decodeBase64(member.seed),
    );
    await refreshKeys();
    await enter(key);
  }

  const orgName = (id: string) => mechanism.orgs.find((org) => org.id === id)?.name ?? id;

  return (
    <section className="page sign-in" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">{t('signIn.title')}</h1>
      {reason !== undefined && <p className="notice">{reason}</p>}
      <p>{t('signIn.explain')}</p>
      <ErrorMessage error={error} />

      <h2>{t('signIn.keysHere')}</h2>
      {keys.length === 0 ? (
        <p>{t('signIn.noKeys')}</p>
      ) : (
        <ul className="key-list">
          {keys.map((key) => (
            <li key={key.id}>
              <button
                type="button"
                className="primary"
                disabled={busy !== undefined}
                onClick={() => void enter(key)}
              >
                {t('signIn.as', { name: `${key.member} · ${orgName(key.org)}` })}
              </button>
              {key.privateKey === undefined && (
                <span className="warning">{t('signIn.extractableWarning')}</span>
              )}
              <button
                type="button"
                className="link"
                onClick={() => {
                  if (window.confirm(t('signIn.removeConfirm')))
                    void deleteMemberKey(key.id).then(refreshKeys);
                }}
              >
                {t('signIn.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}

      {mechanism.synthetic && demoMembers.length > 0 && (
        <>
          <h2>{t('signIn.demoTitle')}</h2>
          <p className="notice">{t('signIn.demoExplain')}</p>
          <ul className="demo-members">
            {demoMembers.map((member) => (
              <li key={`${member.org}/${member.member}`}>
                <button
                  type="button"
                  data-member={`${member.org}/${member.member}`}
                  disabled={busy !== undefined}
                  onClick={() => void enterAsDemo(member).catch(setError)}
                >
                  {t('signIn.as', { name: member.display_name })}
                </button>
                <span className="roles">
                  {member.roles.map((role) => t(`role.${role}` as 'role.admin')).join(', ')}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}

      <ImportKeyForm onImported={(key) => void refreshKeys().then(() => enter(key))} />
      <CreateKeyForm onCreated={() => void refreshKeys()} />
    </section>
  );
}

function ImportKeyForm({ onImported }: { onImported: (key: StoredKey) => void }) {
  const { t } = useI18n();
  const { mechanism } = useJmm();
  const [file, setFile] = useState<File | undefined>(undefined);
  const [passphrase, setPassphrase] = useState('');
  const [org, setOrg] = useState('');
  const [member, setMember] = useState('');
  const [error, setError] = useState<unknown>(undefined);
  const [working, setWorking] = useState(false);

  async function submit(event: SyntheticEvent) {
    event.preventDefault();
    if (file === undefined) return;
    setWorking(true);
    setError(undefined);
    try {
      const opened = await openKeyFile(await file.text(), passphrase);
      const identity = {
        origin: mechanism.origin,
        org: opened.org ?? org.trim(),
        member: opened.member ?? member.trim(),
      };
      if (identity.org === '' || identity.member === '')
        throw new KeyFileError('malformed', t('signIn.import.needIdentity'));
      const key = await saveMemberKey(identity, opened.seed);
      opened.seed.fill(0);
      onImported(key);
    } catch (cause) {
      setError(cause);
    } finally {
      setWorking(false);
    }
  }

  return (
    <form className="card" onSubmit={(event) => void submit(event)} aria-labelledby="import-title">
      <h2 id="import-title">{t('signIn.import.title')}</h2>
      <label>
        {t('signIn.import.file')}
        <input
          type="file"
          accept=".json,application/json"
          required
          onChange={(event) => setFile(event.target.files?.[0])}
        />
      </label>
      <label>
        {t('signIn.import.passphrase')}
        <input
          type="password"
          autoComplete="current-password"
          value={passphrase}
          onChange={(event) => setPassphrase(event.target.value)}
        />
      </label>
      <details>
        <summary>{t('signIn.import.identity')}</summary>
        <label>
          {t('field.org')}
          <input value={org} onChange={(event) => setOrg(event.target.value)} />
        </label>
        <label>
          {t('field.member')}
          <input value={member} onChange={(event) => setMember(event.target.value)} />
        </label>
      </details>
      <ErrorMessage error={error} />
      <button type="submit" className="primary" disabled={working || file === undefined}>
        {t('signIn.import.submit')}
      </button>
    </form>
  );
}

function CreateKeyForm({ onCreated }: { onCreated: () => void }) {
  const { t } = useI18n();
  const { mechanism } = useJmm();
  const [org, setOrg] = useState('');
  const [member, setMember] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');
  const [created, setCreated] = useState<
    { keyId: string; publicKey: string; fileUrl: string; fileName: string } | undefined
  >(undefined);
  const [error, setError] = useState<unknown>(undefined);

  useEffect(
    () => () => {
      if (created !== undefined) URL.revokeObjectURL(created.fileUrl);
    },
    [created],
  );

  async function submit(event: SyntheticEvent) {
    event.preventDefault();
    setError(undefined);
    if (passphrase !== repeat) {
      setError(new KeyFileError('weak_passphrase', t('signIn.create.mismatch')));
      return;
    }
    const seed = crypto.getRandomValues(new Uint8Array(32));
    try {
      const identity = { origin: mechanism.origin, org: org.trim(), member: member.trim() };
      // The backup file is made before the key is stored: a key nobody can back up is a key that can be lost.
      const file = await encryptKeyFile(identity, seed, passphrase);
      const key = await saveMemberKey(identity, seed);
      const blob = new Blob([`${JSON.stringify(file, null, 2)}\n`], { type: 'application/json' });
      setCreated({
        keyId: key.keyId,
        publicKey: encodeBase64(key.publicKey),
        fileUrl: URL.createObjectURL(blob),
        fileName: `jmm-key-${identity.org}-${identity.member}.json`,
      });
      onCreated();
    } catch (cause) {
      setError(cause);
    } finally {
      seed.fill(0);
    }
  }

  return (
    <form className="card" onSubmit={(event) => void submit(event)} aria-labelledby="create-title">
      <h2 id="create-title">{t('signIn.create.title')}</h2>
      <p>{t('signIn.create.explain')}</p>
      <label>
        {t('field.org')}
        <input required value={org} onChange={(event) => setOrg(event.target.value)} />
      </label>
      <label>
        {t('field.member')}
        <input required value={member} onChange={(event) => setMember(event.target.value)} />
      </label>
      <label>
        {t('signIn.create.passphrase', { min: MIN_PASSPHRASE_LENGTH })}
        <input
          type="password"
          autoComplete="new-password"
          required
          minLength={MIN_PASSPHRASE_LENGTH}
          value={passphrase}
          onChange={(event) => setPassphrase(event.target.value)}
        />
      </label>
      <label>
        {t('signIn.create.repeat')}
        <input
          type="password"
          autoComplete="new-password"
          required
          value={repeat}
          onChange={(event) => setRepeat(event.target.value)}
        />
      </label>
      <ErrorMessage error={error} />
      <button type="submit">{t('signIn.create.submit')}</button>
      {created !== undefined && (
        <div className="result" role="status">
          <p>{t('signIn.create.done')}</p>
          <dl>
            <dt>{t('field.keyId')}</dt>
            <dd className="mono">{created.keyId}</dd>
            <dt>{t('field.publicKey')}</dt>
            <dd className="mono">{created.publicKey}</dd>
          </dl>
          <a className="button primary" href={created.fileUrl} download={created.fileName}>
            {t('signIn.create.download')}
          </a>
        </div>
      )}
    </form>
  );
}

export function describeSignInError(error: unknown): string | undefined {
  return isClientError(error) ? error.problem?.detail : undefined;
}
