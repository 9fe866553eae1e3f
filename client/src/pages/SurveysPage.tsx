/** Placeholder: the schedule area builds this page. */
import { Title } from '@mantine/core';

export function SurveysPage() {
  return <Title order={1} size="h2">SurveysPage</Title>;
}
