/** Placeholder: the customers area builds this page. */
import { Title } from '@mantine/core';

export function CustomerDetailPage() {
  return <Title order={1} size="h2">CustomerDetailPage</Title>;
}
