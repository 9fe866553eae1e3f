/** Placeholder: the schedule area builds this page. */
import { Title } from '@mantine/core';

export function AppointmentsPage() {
  return <Title order={1} size="h2">AppointmentsPage</Title>;
}
