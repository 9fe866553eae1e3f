/**
 * "Cómo se calcula el puntaje": the at-risk score's rules in a disclosure
 * (closed by default), shared by the customer page and the at-risk list.
 * `threshold` when known (the customer's metrics carry it); otherwise the
 * sentence names the default.
 */
import { Box, List, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

const RULES = ['noContact', 'complaints', 'nps', 'csat', 'overdue', 'orders', 'firstResponse', 'cap'] as const;

export function RiskFormulaHelp({ threshold }: { threshold?: number }) {
  const { t } = useTranslation();
  return (
    <Box component="details">
      <Text component="summary" size="sm" c="blue" style={{ cursor: 'pointer' }}>
        {t('customerMetricsArea.help.title')}
      </Text>
      <List size="sm" mt="xs" spacing={2}>
        {RULES.map((rule) => (
          <List.Item key={rule}>{t(`customerMetricsArea.help.${rule}`)}</List.Item>
        ))}
        <List.Item>
          {threshold === undefined
            ? t('customerMetricsArea.help.thresholdDefault')
            : t('customerMetricsArea.help.threshold', { threshold })}
        </List.Item>
      </List>
    </Box>
  );
}
