/**
 * Survey results as tables: per group (month, technician or service type)
 * the NPS score, the promoter / passive / detractor split as a stacked bar
 * (Mantine Progress; no chart library) with the counts in text for screen
 * readers, the CSAT average and the number of responses.
 */
import { Badge, Card, Progress, SimpleGrid, Table, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { MetricsGroup, MetricsRow, Score } from '../../api/surveys';
import { share } from '../../api/surveys';
import { formatNumber } from '../../lib/format';

export function npsColor(nps: number | null): string {
  if (nps === null) return 'gray';
  if (nps >= 50) return 'green';
  if (nps >= 0) return 'yellow';
  return 'red';
}

/** The promoters / passives / detractors of a score as one stacked bar. */
export function NpsBar({ score }: { score: Score }) {
  const { t } = useTranslation();
  const { promoters, passives, detractors, responses } = score;
  const parts = [
    { key: 'promoters', value: promoters, color: 'green' },
    { key: 'passives', value: passives, color: 'yellow' },
    { key: 'detractors', value: detractors, color: 'red' },
  ] as const;
  return (
    <Progress.Root size="lg" aria-hidden>
      {parts.map((p) =>
        p.value > 0 ? (
          <Tooltip key={p.key} label={`${t(`surveysArea.${p.key}`)}: ${p.value}`}>
            <Progress.Section value={share(p.value, responses)} color={p.color} />
          </Tooltip>
        ) : null,
      )}
    </Progress.Root>
  );
}

/** The headline numbers of all answers in the range. */
export function ScoreSummary({ score }: { score: Score }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
      <Card withBorder padding="sm">
        <Text size="xs" c="dimmed">
          {t('surveysArea.nps')}
        </Text>
        <Text fz="xl" fw={700} c={npsColor(score.nps)} data-testid="total-nps">
          {score.nps === null ? '—' : formatNumber(score.nps, lang, 1)}
        </Text>
      </Card>
      <Card withBorder padding="sm">
        <Text size="xs" c="dimmed">
          {t('surveysArea.csatAverage')}
        </Text>
        <Text fz="xl" fw={700}>
          {score.csat_average === null ? '—' : formatNumber(score.csat_average, lang, 2)}
        </Text>
      </Card>
      <Card withBorder padding="sm">
        <Text size="xs" c="dimmed">
          {t('surveysArea.responses')}
        </Text>
        <Text fz="xl" fw={700}>
          {formatNumber(score.responses, lang)}
        </Text>
      </Card>
      <Card withBorder padding="sm">
        <Text size="xs" c="dimmed">
          {t('surveysArea.split')}
        </Text>
        <Text size="sm">
          <Text span c="green" fw={600}>
            {score.promoters}
          </Text>{' '}
          / <Text span fw={600}>{score.passives}</Text> /{' '}
          <Text span c="red" fw={600}>
            {score.detractors}
          </Text>
        </Text>
        <NpsBar score={score} />
      </Card>
    </SimpleGrid>
  );
}

/** A human label for a group key. */
export function useGroupLabel() {
  const { t, i18n } = useTranslation();
  return (group: MetricsGroup, row: MetricsRow): string => {
    if (group === 'period') {
      const m = /^(\d{4})-(\d{2})$/.exec(row.key);
      if (!m) return row.label;
      const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 15));
      return d.toLocaleDateString(i18n.language, { month: 'long', year: 'numeric', timeZone: 'UTC' });
    }
    if (group === 'service_type') {
      const ticket = /^ticket:(billing|technical_support|general_information|complaint|suggestion)$/.exec(row.key);
      if (ticket) return t('surveysArea.ticketType', { type: t(`tickets.types.${ticket[1] as 'billing'}`) });
      if (row.key === 'unknown') return t('surveysArea.unknownType');
    }
    return row.label;
  };
}

export function ScoreTable({ group, rows }: { group: MetricsGroup; rows: MetricsRow[] }) {
  const { t, i18n } = useTranslation();
  const label = useGroupLabel();
  const lang = i18n.language;
  if (rows.length === 0) return <Text c="dimmed">{t('common.empty')}</Text>;
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t(`surveysArea.groupColumn.${group}`)}</Table.Th>
            <Table.Th ta="right">{t('surveysArea.nps')}</Table.Th>
            <Table.Th miw={180}>{t('surveysArea.split')}</Table.Th>
            <Table.Th ta="right">{t('surveysArea.promoters')}</Table.Th>
            <Table.Th ta="right">{t('surveysArea.passives')}</Table.Th>
            <Table.Th ta="right">{t('surveysArea.detractors')}</Table.Th>
            <Table.Th ta="right">{t('surveysArea.csatAverage')}</Table.Th>
            <Table.Th ta="right">{t('surveysArea.responses')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.key}>
              <Table.Td>{label(group, r)}</Table.Td>
              <Table.Td ta="right">
                <Badge color={npsColor(r.nps)} variant="light">
                  {r.nps === null ? '—' : formatNumber(r.nps, lang, 1)}
                </Badge>
              </Table.Td>
              <Table.Td>
                <NpsBar score={r} />
              </Table.Td>
              <Table.Td ta="right">{r.promoters}</Table.Td>
              <Table.Td ta="right">{r.passives}</Table.Td>
              <Table.Td ta="right">{r.detractors}</Table.Td>
              <Table.Td ta="right">{r.csat_average === null ? '—' : formatNumber(r.csat_average, lang, 2)}</Table.Td>
              <Table.Td ta="right">{r.responses}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
