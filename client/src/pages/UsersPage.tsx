/** Users and roles (master). Owned by the admin area. */
import { useTranslation } from 'react-i18next';
import { SimpleList } from './ListPages';

export function UsersPage() {
  const { t } = useTranslation();
  return (
    <SimpleList
      title={t('nav.users')}
      url="/api/v1/users"
      columns={[
        { key: 'name', label: t('lists.name') },
        { key: 'email', label: t('lists.email') },
        { key: 'role', label: t('lists.role') },
        { key: 'active', label: t('lists.active') },
      ]}
    />
  );
}

