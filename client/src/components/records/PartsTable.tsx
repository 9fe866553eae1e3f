/**
 * The parts of one order, or of many (the parts view), as the seed lists
 * them: date, description, warranty, price and who added it. A table on a
 * wide screen; one card per part on a phone, where a table would hide
 * columns behind a horizontal scroll.
 *
 * Staff see the lines hidden from the customer (marked) and the deleted ones
 * (struck through, "Eliminado por … el …", no longer in the balance), an
 * "editado por … el …" line under an edited part, and its history. Whoever
 * may change a part (office roles and whoever added it, `canChange`) gets
 * Edit and Delete; deleting asks first.
 */
import { Badge, Button, Card, Group, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { OrderPart } from '../../api/orders';
import { deletePart, fetchPartHistory } from '../../api/records';
import { installPart } from '../../api/stock';
import { useErrorMessage } from '../../i18n/errors';
import { formatDay } from '../../lib/day';
import { formatDate, formatDateTime, formatMoney } from '../../lib/format';
import { ConfirmDialog } from '../admin/ConfirmDialog';
import { useIsPhone } from '../operations/useIsPhone';
import { PartEditDialog } from './PartEditDialog';
import { RevisionHistory } from './RevisionHistory';

export type PartLine = OrderPart & { order_id?: string; order_number?: string; customer_name?: string };

export interface PartsTableProps {
  parts: PartLine[];
  /** The order of every line when the table shows one order's parts. */
  orderId?: string;
  /** Show the order and customer of each line (the parts view). */
  showOrder?: boolean;
  /** Staff: who added it, hidden and deleted lines, history. */
  staff: boolean;
  /** Whether the caller may edit and delete this line. */
  canChange: (part: PartLine) => boolean;
  currency: string;
  onChanged: () => void;
}

export function PartsTable(props: PartsTableProps) {
  const phone = useIsPhone();
  const [editing, setEditing] = useState<PartLine | null>(null);
  const [deleting, setDeleting] = useState<PartLine | null>(null);
  const orderOf = (p: PartLine) => props.orderId ?? p.order_id ?? '';
  const actions = (p: PartLine) => <PartActions part={p} {...props} onEdit={() => setEditing(p)} onDelete={() => setDeleting(p)} orderOf={orderOf} />;
  return (
    <>
      {phone ? <PartCards {...props} actions={actions} /> : <PartRows {...props} actions={actions} />}
      {editing && (
        <PartEditDialog
          orderId={orderOf(editing)}
          part={editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            props.onChanged();
          }}
        />
      )}
      {deleting && (
        <DeletePartDialog
          orderId={orderOf(deleting)}
          part={deleting}
          onClose={() => setDeleting(null)}
          onDeleted={() => {
            setDeleting(null);
            props.onChanged();
          }}
        />
      )}
    </>
  );
}

function DeletePartDialog({ orderId, part, onClose, onDeleted }: { orderId: string; part: PartLine; onClose: () => void; onDeleted: () => void }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const remove = useMutation({
    mutationFn: () => deletePart(orderId, part.id),
    onSuccess: () => {
      notifications.show({ color: 'green', message: t('recordsArea.parts.deleted') });
      onDeleted();
    },
  });
  return (
    <ConfirmDialog
      opened
      title={t('recordsArea.parts.deleteTitle')}
      confirmLabel={t('recordsArea.common.delete')}
      loading={remove.isPending}
      error={remove.isError ? errorMessage(remove.error) : null}
      onConfirm={() => remove.mutate()}
      onClose={onClose}
    >
      {t('recordsArea.parts.deleteBody', { description: part.description, number: part.order_number ?? '' })}
    </ConfirmDialog>
  );
}

/** Edit / Delete / History for one line (nothing for a customer). */
function PartActions({
  part,
  staff,
  canChange,
  currency,
  onEdit,
  onDelete,
  orderOf,
  onChanged,
}: PartsTableProps & { part: PartLine; onEdit: () => void; onDelete: () => void; orderOf: (p: PartLine) => string }) {
  const { t } = useTranslation();
  if (!staff) return null;
  const changeable = !part.deleted_at && canChange(part);
  const hasHistory = Boolean(part.edited_at || part.deleted_at);
  if (!changeable && !hasHistory) return null;
  return (
    <Group gap={4} wrap="wrap">
      {changeable && (
        <>
          <Button size="compact-sm" variant="light" onClick={onEdit} aria-label={t('recordsArea.parts.editLabel', { description: part.description })}>
            {t('recordsArea.common.edit')}
          </Button>
          <Button size="compact-sm" variant="light" color="red" onClick={onDelete} aria-label={t('recordsArea.parts.deleteLabel', { description: part.description })}>
            {t('recordsArea.common.delete')}
          </Button>
          {part.item_id && part.stock_status !== 'consumed' && part.stock_status !== 'released' && <InstallButton orderId={orderOf(part)} part={part} onDone={onChanged} />}
        </>
      )}
      {hasHistory && (
        <RevisionHistory
          label={t('recordsArea.parts.historyLabel', { description: part.description })}
          queryKey={['part-history', part.id, part.edited_at, part.deleted_at]}
          fetch={(signal) => fetchPartHistory(orderOf(part), part.id, signal)}
          currency={currency}
        />
      )}
    </Group>
  );
}

/** A catalog part leaves the stock: the technician marks it installed. */
function InstallButton({ orderId, part, onDone }: { orderId: string; part: PartLine; onDone: () => void }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const install = useMutation({
    mutationFn: () => installPart(orderId, part.id),
    onSuccess: () => {
      notifications.show({ color: 'green', message: t('stockArea.picker.installed') });
      onDone();
    },
    onError: (err) => notifications.show({ color: 'red', message: errorMessage(err) }),
  });
  return (
    <Button size="compact-sm" variant="light" color="teal" loading={install.isPending} onClick={() => install.mutate()}>
      {t('stockArea.picker.install')}
    </Button>
  );
}

/** The description with its marks: warranty, hidden, edited, deleted. */
function Description({ part, staff }: { part: PartLine; staff: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <Stack gap={2}>
      <Text size="sm" td={part.deleted_at ? 'line-through' : undefined} style={{ overflowWrap: 'anywhere' }}>
        {part.description}
      </Text>
      <Warranty part={part} />
      {staff && (
        <Group gap={4}>
          {part.shown_to_customer === false && (
            <Badge size="xs" variant="outline">
              {t('recordsArea.parts.hidden')}
            </Badge>
          )}
          {part.deleted_at && (
            <Badge size="xs" color="red" variant="light">
              {t('recordsArea.parts.deletedBadge')}
            </Badge>
          )}
          {part.stock_status && !part.deleted_at && (
            <Badge size="xs" color={part.stock_status === 'to_order' ? 'orange' : part.stock_status === 'released' ? 'gray' : 'blue'} variant="light">
              {t(`stockArea.status.${part.stock_status}`)}
            </Badge>
          )}
        </Group>
      )}
      {staff && part.deleted_at && (
        <Text size="xs" c="red">
          {t('recordsArea.common.deletedBy', { name: part.deleted_by_name ?? '', date: formatDateTime(part.deleted_at, lang) })}
        </Text>
      )}
      {staff && part.edited_at && (
        <Text size="xs" c="dimmed">
          {t('recordsArea.common.editedBy', { name: part.edited_by_name ?? '', date: formatDateTime(part.edited_at, lang) })}
        </Text>
      )}
    </Stack>
  );
}

/** "N días, hasta <date>" or "Sin garantía". */
function Warranty({ part }: { part: PartLine }) {
  const { t, i18n } = useTranslation();
  const days = part.warranty_days ?? 0;
  let text: string;
  if (days <= 0) text = t('recordsArea.parts.noWarranty');
  else if (part.warranty_until) text = t('recordsArea.parts.warrantyUntil', { days, date: formatDay(part.warranty_until, i18n.language) });
  else text = t('recordsArea.parts.warrantyDays', { days });
  return (
    <Text size="xs" c="dimmed">
      {text}
    </Text>
  );
}

/** "quantity × unit = total", struck through when the line was deleted. */
function Price({ part, currency, fw }: { part: PartLine; currency: string; fw?: number }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const unit = formatMoney(part.unit_price, currency, lang);
  const total = part.total ? formatMoney(part.total, currency, lang) : '';
  return (
    <Text size="sm" fw={fw} td={part.deleted_at ? 'line-through' : undefined}>
      {t('recordsArea.parts.priceLine', { quantity: part.quantity, unit, total })}
    </Text>
  );
}

function OrderLink({ part }: { part: PartLine }) {
  if (!part.order_id || !part.order_number) return null;
  return (
    <Link to={`/orders/${part.order_id}`} style={{ whiteSpace: 'nowrap' }}>
      {part.order_number}
    </Link>
  );
}

function PartRows({ parts, showOrder, staff, currency, actions }: PartsTableProps & { actions: (p: PartLine) => ReactNode }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('recordsArea.parts.date')}</Table.Th>
            {showOrder && <Table.Th>{t('recordsArea.parts.order')}</Table.Th>}
            <Table.Th>{t('recordsArea.parts.description')}</Table.Th>
            <Table.Th ta="right">{t('recordsArea.parts.price')}</Table.Th>
            {staff && <Table.Th>{t('recordsArea.parts.addedBy')}</Table.Th>}
            {staff && <Table.Th>{t('recordsArea.common.actions')}</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {parts.map((p) => (
            <Table.Tr key={p.id} data-deleted={p.deleted_at ? 'true' : undefined}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{p.created_at ? formatDate(p.created_at, lang) : ''}</Table.Td>
              {showOrder && (
                <Table.Td>
                  <OrderLink part={p} />
                  <Text size="xs" c="dimmed">
                    {p.customer_name}
                  </Text>
                </Table.Td>
              )}
              <Table.Td>
                <Description part={p} staff={staff} />
              </Table.Td>
              <Table.Td ta="right">
                <Price part={p} currency={currency} />
              </Table.Td>
              {staff && <Table.Td>{p.added_by_name ?? ''}</Table.Td>}
              {staff && <Table.Td>{actions(p)}</Table.Td>}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function PartCards({ parts, showOrder, staff, currency, actions }: PartsTableProps & { actions: (p: PartLine) => ReactNode }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <Stack gap="xs" data-testid="part-cards">
      {parts.map((p) => (
        <Card key={p.id} withBorder padding="sm" component="article" aria-label={p.description} data-deleted={p.deleted_at ? 'true' : undefined}>
          <Stack gap={4}>
            <Description part={p} staff={staff} />
            <Price part={p} currency={currency} fw={600} />
            <Text size="xs" c="dimmed">
              {p.created_at ? formatDate(p.created_at, lang) : ''}
              {staff && p.added_by_name ? ` · ${t('recordsArea.parts.addedBy')}: ${p.added_by_name}` : ''}
            </Text>
            {showOrder && (
              <Text size="sm">
                {t('recordsArea.parts.order')}: <OrderLink part={p} /> · {p.customer_name}
              </Text>
            )}
            {actions(p)}
          </Stack>
        </Card>
      ))}
    </Stack>
  );
}
