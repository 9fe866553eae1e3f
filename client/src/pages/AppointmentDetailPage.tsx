/** Placeholder: the schedule area builds this page. */
import { Title } from '@mantine/core';

export function AppointmentDetailPage() {
  return <Title order={1} size="h2">AppointmentDetailPage</Title>;
}
