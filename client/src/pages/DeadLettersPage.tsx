/** Placeholder: the admin area builds this page. */
import { Title } from '@mantine/core';

export function DeadLettersPage() {
  return <Title order={1} size="h2">DeadLettersPage</Title>;
}
