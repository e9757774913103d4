import { Link } from '../app/router.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';

export default function NotFoundPage() {
  const { t } = useI18n();
  return (
    <section className="page">
      <h1>{t('notFound.title')}</h1>
      <p>
        <Link href="/">{t('notFound.home')}</Link>
      </p>
    </section>
  );
}
