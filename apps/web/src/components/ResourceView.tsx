import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n-context.tsx';
import { ErrorMessage } from './ErrorMessage.tsx';
import type { Resource } from './use-resource.ts';

/** Renders a resource's value, or a designed loading or error state with a retry (STYLE.md habit 13). */
export function ResourceView<T>({
  resource,
  retry,
  children,
}: {
  resource: Resource<T>;
  retry: () => void;
  children: (value: T) => ReactNode;
}) {
  const { t } = useI18n();
  switch (resource.state) {
    case 'loading':
      return (
        <p className="loading" role="status">
          {t('common.loading')}
        </p>
      );
    case 'error':
      return (
        <div>
          <ErrorMessage error={resource.error} />
          <button type="button" onClick={retry}>
            {t('common.retry')}
          </button>
        </div>
      );
    case 'ready':
      return <>{children(resource.value)}</>;
  }
}
