/**
 * /quotes/new (optionally `?order_id=` or `?customer_id=`) and
 * /quotes/:id/edit — the quote editor: a lines table (service or part,
 * description, quantity, unit price, discount %, tax % or exempt) with live
 * totals. The totals come from the server's preview endpoint, computed by the
 * same code that stores the quote, so what is shown is what is saved.
 * Editing a sent quote saves a new version.
 */
import { Alert, Button, Checkbox, Group, Loader, Select, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useDebouncedValue, useDocumentTitle } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { api, problemField } from '../../api/client';
import { type CustomerPage, customersUrl } from '../../api/customers';
import {
  type LineKind,
  type QuoteDetail,
  type QuoteLineInput,
  type QuotePreview,
  previewQuote,
  useCreateQuote,
  useQuote,
  useUpdateQuote,
} from '../../api/quotes';
import { Totals } from '../../components/quotes/QuoteView';
import { useErrorMessage } from '../../i18n/errors';
import { formatMoney } from '../../lib/format';

const blankLine = (): QuoteLineInput => ({ kind: 'service', description: '', quantity: '1', unit_price: '0', discount_pct: '0', tax_exempt: false });

export function QuoteEditorPage() {
  const { id } = useParams();
  const existing = useQuote(id);
  if (id && existing.isPending) return <Loader />;
  return <Editor key={existing.data?.version.id ?? 'new'} existing={existing.data} />;
}

function Editor({ existing }: { existing?: QuoteDetail }) {
  const { t, i18n } = useTranslation();
  useDocumentTitle(`${existing ? existing.quote.number : t('quotes.new')} · ${t('app.name')}`);
  const navigate = useNavigate();
  const errorMessage = useErrorMessage();
  const [params] = useSearchParams();
  const orderId = existing?.quote.order_id ?? params.get('order_id') ?? '';
  // From an opportunity's "Crear presupuesto": its customer, fixed.
  const opportunityId = existing ? '' : (params.get('opportunity_id') ?? '');
  const [customerId, setCustomerId] = useState<string>(existing?.quote.customer_id ?? params.get('customer_id') ?? '');
  const [validUntil, setValidUntil] = useState(existing?.version.valid_until ?? '');
  const [notes, setNotes] = useState(existing?.version.notes ?? '');
  const [lines, setLines] = useState<QuoteLineInput[]>(
    existing
      ? existing.lines.map((l) => ({
          kind: l.kind,
          description: l.description,
          quantity: l.quantity,
          unit_price: l.unit_price,
          discount_pct: l.discount_pct,
          tax_rate: l.tax_rate,
          tax_exempt: l.tax_exempt,
        }))
      : [blankLine()],
  );
  const customers = useQuery({
    queryKey: ['customers', 'quote-picker'],
    queryFn: ({ signal }) => api.get<CustomerPage>(customersUrl({ active: 'true' }, null, 200), signal),
    enabled: !existing && !orderId && !opportunityId,
  });
  const [debounced] = useDebouncedValue(lines, 300);
  const [preview, setPreview] = useState<QuotePreview | null>(null);
  const [previewError, setPreviewError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    previewQuote(debounced)
      .then((p) => live && (setPreview(p), setPreviewError(null)))
      .catch((e: unknown) => live && setPreviewError(e));
    return () => {
      live = false;
    };
  }, [debounced]);
  const create = useCreateQuote();
  const update = useUpdateQuote(existing?.quote.id ?? '');
  const saving = create.isPending || update.isPending;
  const saveError = create.error ?? update.error;
  const badField = problemField(saveError) ?? problemField(previewError);
  const set = (i: number, patch: Partial<QuoteLineInput>) => setLines((cur) => cur.map((l, j) => (j === i ? { ...l, ...patch } : l)));
  const currency = preview?.currency ?? existing?.quote.currency ?? 'USD';
  const money = (v: string) => formatMoney(v, currency, i18n.language);
  const save = () => {
    const body = { valid_until: validUntil || undefined, notes, lines };
    const done = (d: QuoteDetail) => navigate(`/quotes/${d.quote.id}`);
    if (existing) update.mutate(body, { onSuccess: done });
    else
      create.mutate(
        { ...body, customer_id: customerId || undefined, order_id: orderId || undefined, opportunity_id: opportunityId || undefined },
        { onSuccess: done },
      );
  };
  const err = (i: number, f: string) => (badField === `lines[${i}].${f}` ? t('quotes.invalidValue') : undefined);
  return (
    <Stack maw={1100}>
      <Title order={1} size="h2">
        {existing ? t('quotes.editTitle', { number: existing.quote.version_number }) : t('quotes.new')}
      </Title>
      {existing && existing.quote.state !== 'draft' && <Alert color="blue">{t('quotes.willMakeVersion')}</Alert>}
      {opportunityId && <Text size="sm">{t('quotes.forOpportunity')}</Text>}
      {!existing && !orderId && !opportunityId && (
        <Select
          label={t('quotes.customer')}
          searchable
          required
          value={customerId || null}
          onChange={(v) => setCustomerId(v ?? '')}
          data={(customers.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
          error={badField === 'customer_id' ? t('quotes.invalidValue') : undefined}
        />
      )}
      {orderId && !existing && <Text size="sm">{t('quotes.forOrder')}</Text>}
      <Group grow wrap="wrap">
        <TextInput
          type="date"
          label={t('quotes.validUntilLabel')}
          value={validUntil}
          onChange={(e) => setValidUntil(e.currentTarget.value)}
          error={badField === 'valid_until' ? t('quotes.invalidValue') : undefined}
        />
      </Group>
      <Table.ScrollContainer minWidth={900}>
        <Table aria-label={t('quotes.lines')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('quotes.kind')}</Table.Th>
              <Table.Th>{t('quotes.description')}</Table.Th>
              <Table.Th>{t('quotes.quantity')}</Table.Th>
              <Table.Th>{t('quotes.unitPrice')}</Table.Th>
              <Table.Th>{t('quotes.discount')}</Table.Th>
              <Table.Th>{t('quotes.tax')}</Table.Th>
              <Table.Th>{t('quotes.exempt')}</Table.Th>
              <Table.Th ta="right">{t('quotes.amount')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {lines.map((l, i) => (
              <Table.Tr key={i} data-testid="quote-line">
                <Table.Td>
                  <Select
                    aria-label={t('quotes.kind')}
                    value={l.kind}
                    onChange={(v) => set(i, { kind: (v as LineKind) ?? 'service' })}
                    data={[
                      { value: 'service', label: t('quotes.kinds.service') },
                      { value: 'part', label: t('quotes.kinds.part') },
                    ]}
                    w={120}
                  />
                </Table.Td>
                <Table.Td>
                  <TextInput aria-label={t('quotes.description')} value={l.description} onChange={(e) => set(i, { description: e.currentTarget.value })} error={err(i, 'description')} />
                </Table.Td>
                <Table.Td>
                  <TextInput aria-label={t('quotes.quantity')} inputMode="decimal" w={90} value={l.quantity} onChange={(e) => set(i, { quantity: e.currentTarget.value })} error={err(i, 'quantity')} />
                </Table.Td>
                <Table.Td>
                  <TextInput aria-label={t('quotes.unitPrice')} inputMode="decimal" w={120} value={l.unit_price} onChange={(e) => set(i, { unit_price: e.currentTarget.value })} error={err(i, 'unit_price')} />
                </Table.Td>
                <Table.Td>
                  <TextInput aria-label={t('quotes.discount')} inputMode="decimal" w={80} value={l.discount_pct ?? ''} onChange={(e) => set(i, { discount_pct: e.currentTarget.value })} error={err(i, 'discount_pct')} />
                </Table.Td>
                <Table.Td>
                  <TextInput
                    aria-label={t('quotes.tax')}
                    inputMode="decimal"
                    w={80}
                    placeholder={t('quotes.companyRate')}
                    disabled={l.tax_exempt}
                    value={l.tax_rate ?? ''}
                    onChange={(e) => set(i, { tax_rate: e.currentTarget.value || undefined })}
                    error={err(i, 'tax_rate')}
                  />
                </Table.Td>
                <Table.Td>
                  <Checkbox aria-label={t('quotes.exempt')} checked={l.tax_exempt} onChange={(e) => set(i, { tax_exempt: e.currentTarget.checked })} />
                </Table.Td>
                <Table.Td ta="right">
                  {preview?.lines[i] ? money(preview.lines[i].net) : '—'}
                </Table.Td>
                <Table.Td>
                  <Button variant="subtle" color="red" size="xs" disabled={lines.length === 1} onClick={() => setLines((cur) => cur.filter((_, j) => j !== i))}>
                    {t('quotes.removeLine')}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Group>
        <Button variant="light" onClick={() => setLines((cur) => [...cur, blankLine()])}>
          {t('quotes.addLine')}
        </Button>
      </Group>
      {preview && !previewError ? (
        <Totals subtotal={preview.subtotal} tax={preview.tax} total={preview.total} money={money} />
      ) : (
        previewError != null && <Text c="orange" size="sm">{t('quotes.totalsPending')}</Text>
      )}
      <Textarea label={t('quotes.notes')} value={notes} onChange={(e) => setNotes(e.currentTarget.value)} autosize minRows={2} maxLength={2000} />
      {saveError != null && (
        <Alert color="red" role="alert">
          {errorMessage(saveError)}
          {badField ? ` (${badField})` : ''}
        </Alert>
      )}
      <Group>
        <Button onClick={save} loading={saving}>
          {t('quotes.save')}
        </Button>
        <Button variant="subtle" onClick={() => navigate(-1)}>
          {t('quotes.cancel')}
        </Button>
      </Group>
    </Stack>
  );
}
