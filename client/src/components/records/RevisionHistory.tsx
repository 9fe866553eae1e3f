/**
 * The history the server keeps of a part or a timeline post (staff only): a
 * small button that opens a dialog listing each change, newest first —
 * "Editado por Ana Pérez el 3 dic 2026, 10:15" with the fields as they were
 * before it. Customers never get this button, and the API refuses them.
 */
import { Button, Card, List, Modal, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Revision } from '../../api/records';
import { formatDateTime, formatMoney } from '../../lib/format';
import { QueryStatus } from '../QueryStatus';

const FIELDS = ['label', 'comment', 'description', 'quantity', 'unit_price', 'warranty_days', 'shown_to_customer'] as const;

export function RevisionHistory({
  label,
  queryKey,
  fetch,
  currency,
}: {
  /** The accessible name of the button ("Historial del repuesto «…»"). */
  label: string;
  queryKey: readonly unknown[];
  fetch: (signal?: AbortSignal) => Promise<Revision[]>;
  currency: string;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="subtle" size="compact-xs" aria-label={label} onClick={() => setOpen(true)}>
        {t('recordsArea.events.history')}
      </Button>
      {open && (
        <Modal opened onClose={() => setOpen(false)} title={t('recordsArea.history.title')} centered>
          <HistoryList queryKey={queryKey} fetch={fetch} currency={currency} />
        </Modal>
      )}
    </>
  );
}

function HistoryList({ queryKey, fetch, currency }: { queryKey: readonly unknown[]; fetch: (signal?: AbortSignal) => Promise<Revision[]>; currency: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const history = useQuery({ queryKey, queryFn: ({ signal }) => fetch(signal) });
  const show = (field: string, value: unknown): string => {
    if (typeof value === 'boolean') return value ? t('recordsArea.common.yes') : t('recordsArea.common.no');
    if (field === 'unit_price' && typeof value === 'string') return formatMoney(value, currency, lang);
    return String(value ?? '');
  };
  return (
    <QueryStatus query={history} isEmpty={(list) => list.length === 0} empty={t('recordsArea.history.empty')}>
      {(list) => (
        <Stack gap="sm">
          {list.map((r) => (
            <Card key={r.id} withBorder padding="sm">
              <Text fw={600} size="sm">
                {t(r.action === 'deleted' ? 'recordsArea.history.deleted' : 'recordsArea.history.edited', {
                  name: r.by_name,
                  date: formatDateTime(r.at, lang),
                })}
              </Text>
              <Text size="xs" c="dimmed">
                {t('recordsArea.history.before')}:
              </Text>
              <List size="sm" spacing={2}>
                {FIELDS.filter((f) => f in r.previous && (f !== 'label' || r.previous[f])).map((f) => (
                  <List.Item key={f} style={{ overflowWrap: 'anywhere' }}>
                    {t(`recordsArea.history.fields.${f}`)}: {show(f, r.previous[f])}
                  </List.Item>
                ))}
              </List>
            </Card>
          ))}
        </Stack>
      )}
    </QueryStatus>
  );
}
