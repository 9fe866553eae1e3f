/** Placeholder: the account area builds this page. */
import { Title } from '@mantine/core';

export function NotificationSettingsPage() {
  return <Title order={1} size="h2">NotificationSettingsPage</Title>;
}
