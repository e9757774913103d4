import { isClientError } from '@jmm/client';
import { useI18n } from '../i18n/i18n-context.tsx';

/**
 * An error as a member can act on it: the server's own explanation (its problem document's detail and, for a
 * statement that fails validation, every issue with its field), or what went wrong on the way.
 */
export function ErrorMessage({ error }: { error: unknown }) {
  const { t } = useI18n();
  if (error === undefined || error === null) return null;
  let summary: string;
  let issues: readonly { path: string; message: string }[] = [];
  if (isClientError(error)) {
    if (error.code === 'network_error') summary = t('error.network');
    else if (error.problem !== undefined) summary = `${error.problem.detail} (${error.problem.code})`;
    else summary = error.message;
    const detailIssues = error.problem?.document.issues ?? error.detail?.issues;
    if (Array.isArray(detailIssues)) issues = detailIssues as { path: string; message: string }[];
  } else summary = error instanceof Error ? error.message : JSON.stringify(error);
  return (
    <div className="error" role="alert">
      <p>{summary}</p>
      {issues.length > 0 && (
        <ul>
          {issues.map((issue) => (
            <li key={`${issue.path}:${issue.message}`}>
              <code>{issue.path || t('error.wholeStatement')}</code>: {issue.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
