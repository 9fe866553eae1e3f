/** Placeholder: the operations area builds this page. */
import { Title } from '@mantine/core';

export function NewOrderPage() {
  return <Title order={1} size="h2">NewOrderPage</Title>;
}
