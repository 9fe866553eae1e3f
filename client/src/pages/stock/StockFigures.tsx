/** The stock figures of an item, and its unit's name. */
import { Badge, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Availability, StockUnit } from '../../api/stock';
import { formatNumber } from '../../lib/format';

export function qty(value: string, lang: string): string {
  return formatNumber(value, lang, 3);
}

export function UnitName({ unit }: { unit: StockUnit }) {
  const { t } = useTranslation();
  return <>{t(`stockArea.units.${unit}`)}</>;
}

export function StockFigures({ stock }: { stock: Availability }) {
  const { t, i18n } = useTranslation();
  const cells: [string, string][] = [
    [t('stockArea.onHand'), stock.on_hand],
    [t('stockArea.reserved'), stock.reserved],
    [t('stockArea.available'), stock.available],
    [t('stockArea.onOrder'), stock.on_order],
    [t('stockArea.backordered'), stock.backordered],
    [t('stockArea.projected'), stock.projected],
    [t('stockArea.minimum'), stock.minimum],
  ];
  return (
    <Stack gap="xs">
      <SimpleGrid cols={{ base: 2, sm: 7 }} data-testid="stock-figures">
        {cells.map(([label, value]) => (
          <div key={label}>
            <Text size="xs" c="dimmed">
              {label}
            </Text>
            <Text fw={600} data-figure={label}>
              {qty(value, i18n.language)}
            </Text>
          </div>
        ))}
      </SimpleGrid>
      {stock.below_minimum && (
        <Group>
          <Badge color="orange">{t('stockArea.belowMinimum')}</Badge>
        </Group>
      )}
    </Stack>
  );
}
