/**
 * /billing/invoices/:id — one invoice: its lines and totals, what settles
 * it (payments applied, credit notes), its PDF; for the office the actions:
 * issue or delete a draft, register a payment on it, apply the customer's
 * credit, credit part of it, void it. The page follows the customer's
 * account channel, so a payment registered by a colleague (or the portal
 * watching the statement) changes its state on screen without a reload.
 */
import { Alert, Anchor, Badge, Button, Card, Group, Modal, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import {
  type InvoiceDetail,
  allocatePayment,
  creditNotePdfUrl,
  deleteDraft,
  fetchCustomerCredit,
  fetchInvoice,
  invoicePdfUrl,
  issueCreditNote,
  issueInvoice,
  payInvoice,
  voidInvoice,
} from '../../api/billing';
import { fetchPaymentMethods } from '../../api/records';
import { QueryStatus } from '../../components/QueryStatus';
import { useCurrentUser } from '../../components/RequireAuth';
import { useErrorMessage } from '../../i18n/errors';
import { formatDay } from '../../lib/day';
import { formatMoney } from '../../lib/format';
import { stateColor } from './InvoicesPage';
import { useAccountFeed } from './live';

const OFFICE = ['master', 'admin', 'operator'];

export function InvoiceDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const invoice = useQuery({ queryKey: ['invoice', id], queryFn: ({ signal }) => fetchInvoice(id, signal) });
  useDocumentTitle(invoice.data?.invoice.number ?? t('billing.invoices.draft'));
  useAccountFeed(invoice.data?.invoice.customer_id, [['invoice', id], ['customer-credit']]);
  return (
    <QueryStatus query={invoice}>
      {(detail) => <Detail detail={detail} />}
    </QueryStatus>
  );
}

function Detail({ detail }: { detail: InvoiceDetail }) {
  const { t, i18n } = useTranslation();
  const errorMessage = useErrorMessage();
  const lang = i18n.language;
  const user = useCurrentUser();
  const office = OFFICE.includes(user.role);
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const inv = detail.invoice;
  const money = (v: string) => formatMoney(v, inv.currency, lang);
  const [warning, setWarning] = useState(detail.credit_warning ?? null);
  const [dialog, setDialog] = useState<'pay' | 'credit' | 'void' | null>(null);
  const refresh = (d: InvoiceDetail) => {
    queryClient.setQueryData(['invoice', inv.id], d);
    void queryClient.invalidateQueries({ queryKey: ['invoices'] });
  };
  const issue = useMutation({
    mutationFn: () => issueInvoice(inv.id),
    onSuccess: (d) => {
      setWarning(d.credit_warning ?? null);
      refresh(d);
    },
  });
  const remove = useMutation({
    mutationFn: () => deleteDraft(inv.id),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['invoices'] });
      navigate('/billing/invoices');
    },
  });
  const open = inv.state === 'issued' || inv.state === 'partially_paid';

  return (
    <Stack>
      <Group justify="space-between" wrap="wrap">
        <Title order={1} size="h2">
          {t('billing.invoice.title', { number: inv.number ?? t('billing.invoices.draft') })}
        </Title>
        <Badge size="lg" color={stateColor(inv.state)} data-testid="invoice-state">
          {t(`billing.states.${inv.state}`)}
        </Badge>
      </Group>
      {warning && (
        <Alert color="yellow" title={t('billing.invoice.creditWarning')}>
          {t('billing.invoice.creditWarningBody', { limit: money(warning.limit), exposure: money(warning.exposure) })}
        </Alert>
      )}
      {(issue.error || remove.error) && <Alert color="red">{errorMessage(issue.error ?? remove.error)}</Alert>}
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Card withBorder>
          <Text size="sm" c="dimmed">
            {t('billing.invoices.customer')}
          </Text>
          <Text fw={700}>{inv.customer_name}</Text>
          <Text size="sm">{inv.customer_tax_id}</Text>
          {inv.order_id && (
            <Anchor component={Link} to={`/orders/${inv.order_id}`} size="sm">
              {t('billing.invoice.order', { number: inv.order_number })}
            </Anchor>
          )}
        </Card>
        <Card withBorder>
          <Text size="sm">
            {t('billing.invoices.issued')}: {inv.issue_date ? formatDay(inv.issue_date, lang) : '—'}
          </Text>
          <Text size="sm">
            {t('billing.invoices.due')}: {inv.due_date ? formatDay(inv.due_date, lang) : '—'}
          </Text>
          <Anchor href={invoicePdfUrl(inv.id)} target="_blank" size="sm">
            {t('billing.common.pdf')}
          </Anchor>
        </Card>
        <Card withBorder>
          <Text size="sm">
            {t('billing.invoices.total')}: <b>{money(inv.total)}</b>
          </Text>
          <Text size="sm">
            {t('billing.invoice.paid')}: {money(inv.allocated)}
          </Text>
          <Text size="sm">
            {t('billing.invoice.credited')}: {money(inv.credited)}
          </Text>
          <Text size="sm" data-testid="invoice-open">
            {t('billing.invoices.open')}: <b>{money(inv.open)}</b>
          </Text>
        </Card>
      </SimpleGrid>
      {office && (
        <Group>
          {inv.state === 'draft' && (
            <>
              <Button onClick={() => issue.mutate()} loading={issue.isPending}>
                {t('billing.invoice.issue')}
              </Button>
              <Button variant="default" color="red" onClick={() => remove.mutate()} loading={remove.isPending}>
                {t('billing.invoice.deleteDraft')}
              </Button>
            </>
          )}
          {open && (
            <Button onClick={() => setDialog('pay')} data-testid="allocate-payment">
              {t('billing.invoice.registerPayment')}
            </Button>
          )}
          {inv.state !== 'draft' && inv.state !== 'void' && (
            <Button variant="default" onClick={() => setDialog('credit')}>
              {t('billing.invoice.creditNote')}
            </Button>
          )}
          {inv.state === 'issued' && (
            <Button variant="default" color="red" onClick={() => setDialog('void')}>
              {t('billing.invoice.void')}
            </Button>
          )}
        </Group>
      )}
      <Title order={2} size="h4">
        {t('billing.invoice.lines')}
      </Title>
      <Table.ScrollContainer minWidth={500}>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('billing.invoice.description')}</Table.Th>
              <Table.Th ta="right">{t('billing.invoice.quantity')}</Table.Th>
              <Table.Th ta="right">{t('billing.invoice.unitPrice')}</Table.Th>
              <Table.Th ta="right">{t('billing.invoice.net')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {detail.lines.map((l) => (
              <Table.Tr key={l.position}>
                <Table.Td>{l.description}</Table.Td>
                <Table.Td ta="right">{l.quantity}</Table.Td>
                <Table.Td ta="right">{money(l.unit_price)}</Table.Td>
                <Table.Td ta="right">{money(l.net)}</Table.Td>
              </Table.Tr>
            ))}
            <Table.Tr>
              <Table.Td colSpan={3} ta="right">
                {t('billing.invoice.subtotal')}
              </Table.Td>
              <Table.Td ta="right">{money(inv.subtotal)}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Td colSpan={3} ta="right">
                {t('billing.invoice.tax')}
              </Table.Td>
              <Table.Td ta="right">{money(inv.tax)}</Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Title order={2} size="h4">
        {t('billing.invoice.allocations')}
      </Title>
      {detail.allocations.length === 0 ? (
        <Text c="dimmed">{t('billing.invoice.noAllocations')}</Text>
      ) : (
        <Stack gap={4}>
          {detail.allocations.map((a) => (
            <Text key={a.id} size="sm" td={a.released_at ? 'line-through' : undefined}>
              {a.payment_number} · {formatDay(a.paid_on, lang)} · {money(a.amount)}
              {a.release_reason ? ` (${t(`billing.release.${a.release_reason}`)})` : ''}
            </Text>
          ))}
        </Stack>
      )}
      {detail.credit_notes.length > 0 && (
        <>
          <Title order={2} size="h4">
            {t('billing.invoice.creditNotes')}
          </Title>
          {detail.credit_notes.map((n) => (
            <Text key={n.id} size="sm">
              <Anchor href={creditNotePdfUrl(n.id)} target="_blank">
                {n.number}
              </Anchor>{' '}
              · {formatDay(n.issue_date, lang)} · {money(n.total)} · {n.reason}
            </Text>
          ))}
        </>
      )}
      {dialog === 'pay' && <PayDialog detail={detail} onClose={() => setDialog(null)} onDone={refresh} />}
      {dialog === 'credit' && <CreditDialog detail={detail} onClose={() => setDialog(null)} onDone={refresh} />}
      {dialog === 'void' && <VoidDialog detail={detail} onClose={() => setDialog(null)} onDone={refresh} />}
    </Stack>
  );
}

interface DialogProps {
  detail: InvoiceDetail;
  onClose: () => void;
  onDone: (d: InvoiceDetail) => void;
}

/** Register a payment on the invoice, or apply the customer's credit to it. */
function PayDialog({ detail, onClose, onDone }: DialogProps) {
  const { t, i18n } = useTranslation();
  const errorMessage = useErrorMessage();
  const inv = detail.invoice;
  const [amount, setAmount] = useState(inv.open);
  const [methodId, setMethodId] = useState<string | null>(null);
  const [reference, setReference] = useState('');
  const [creditId, setCreditId] = useState<string | null>(null);
  const methods = useQuery({ queryKey: ['payment-methods', 'active'], queryFn: ({ signal }) => fetchPaymentMethods(signal) });
  const credit = useQuery({ queryKey: ['customer-credit', inv.customer_id], queryFn: ({ signal }) => fetchCustomerCredit(inv.customer_id, signal) });
  const save = useMutation({
    mutationFn: () =>
      creditId ? allocatePayment(inv.id, creditId, amount) : payInvoice(inv.id, { amount, method_id: methodId ?? '', reference }),
    onSuccess: (d) => {
      onDone(d);
      onClose();
    },
  });
  return (
    <Modal opened onClose={onClose} title={t('billing.invoice.registerPayment')}>
      <Stack>
        <Select
          label={t('billing.invoice.fromCredit')}
          placeholder={t('billing.invoice.newPayment')}
          clearable
          value={creditId}
          onChange={setCreditId}
          data={(credit.data?.payments ?? []).map((p) => ({
            value: p.payment_id,
            label: `${p.number} · ${formatMoney(p.unallocated, inv.currency, i18n.language)}`,
          }))}
        />
        {!creditId && (
          <>
            <Select
              label={t('billing.invoice.method')}
              value={methodId}
              onChange={setMethodId}
              data={(methods.data ?? []).filter((m) => m.active).map((m) => ({ value: m.id, label: m.name }))}
              data-testid="payment-method"
            />
            <TextInput label={t('billing.invoice.reference')} value={reference} onChange={(e) => setReference(e.currentTarget.value)} />
          </>
        )}
        <TextInput label={t('billing.invoice.amount')} inputMode="decimal" value={amount} onChange={(e) => setAmount(e.currentTarget.value)} data-testid="payment-amount" />
        {save.error && <Alert color="red">{errorMessage(save.error)}</Alert>}
        <Button onClick={() => save.mutate()} loading={save.isPending} disabled={!creditId && !methodId} data-testid="confirm-payment">
          {t('billing.common.save')}
        </Button>
      </Stack>
    </Modal>
  );
}

function CreditDialog({ detail, onClose, onDone }: DialogProps) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const [amount, setAmount] = useState('');
  const save = useMutation({
    mutationFn: () => issueCreditNote(detail.invoice.id, reason, amount),
    onSuccess: async () => {
      const d = await queryClient.fetchQuery({ queryKey: ['invoice', detail.invoice.id], queryFn: () => fetchInvoice(detail.invoice.id) });
      onDone(d);
      onClose();
    },
  });
  return (
    <Modal opened onClose={onClose} title={t('billing.invoice.creditNote')}>
      <Stack>
        <TextInput label={t('billing.invoice.reason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
        <TextInput label={t('billing.invoice.creditAmount')} inputMode="decimal" value={amount} onChange={(e) => setAmount(e.currentTarget.value)} />
        {save.error && <Alert color="red">{errorMessage(save.error)}</Alert>}
        <Button onClick={() => save.mutate()} loading={save.isPending} disabled={!reason || !amount}>
          {t('billing.common.save')}
        </Button>
      </Stack>
    </Modal>
  );
}

function VoidDialog({ detail, onClose, onDone }: DialogProps) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [reason, setReason] = useState('');
  const save = useMutation({
    mutationFn: () => voidInvoice(detail.invoice.id, reason),
    onSuccess: (d) => {
      onDone(d);
      onClose();
    },
  });
  return (
    <Modal opened onClose={onClose} title={t('billing.invoice.void')}>
      <Stack>
        <TextInput label={t('billing.invoice.reason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
        {save.error && <Alert color="red">{errorMessage(save.error)}</Alert>}
        <Button color="red" onClick={() => save.mutate()} loading={save.isPending} disabled={!reason}>
          {t('billing.invoice.void')}
        </Button>
      </Stack>
    </Modal>
  );
}
