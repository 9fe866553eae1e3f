/**
 * The filters every report shares, in one search landmark ("Filtros del
 * informe"): the days from/to, the grouping (automático/día/semana/mes), and
 * — where the report takes them and the role may choose them — customer,
 * seller, technician and segment (the customer's category).
 *
 * The values come from {@link useReportFilters} (local state mirrored to the
 * URL) and every change goes back through `onChange` at once, except the
 * typed segment, which goes after a pause in typing.
 *
 * `errors` shows on its field what the server said about a filter (see
 * {@link useFilterErrors}).
 */
import { Box, Group, Select, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, problemField } from '../../api/client';
import { useCustomer, useSellers } from '../../api/customers';
import { GRANULARITIES, type ReportFilterKey, type ReportFilters as Filters, useReportTechnicians } from '../../api/reports';
import { CustomerPicker } from '../../components/operations/CustomerPicker';
import { DateRangeFields, rangeIsValid } from '../../components/records/DateRangeFields';
import type { ReportFilterChanges } from './useReportFilters';

/** The longest segment the server accepts. */
const CATEGORY_MAX = 100;
/** How long typing in the segment must pause before it filters. */
const CATEGORY_PAUSE_MS = 400;

/** What the server said about the filters, by field. */
export type FilterErrors = Partial<Record<ReportFilterKey, string>>;

/** Which of the optional filters a report shows (dates and grouping always). */
export interface ReportFilterFields {
  customer?: boolean;
  seller?: boolean;
  technician?: boolean;
  category?: boolean;
}

/** Whether the days can be sent: both optional, "to" not before "from". */
export const filtersRangeIsValid = (filters: Filters) => rangeIsValid({ from: filters.from ?? '', to: filters.to ?? '' });

/** A 422 `validation_failed` naming a filter, as the message to show on that field. */
export function useFilterErrors(error: unknown): FilterErrors | null {
  const { t } = useTranslation();
  if (!(error instanceof ApiError) || error.status !== 422) return null;
  const field = problemField(error);
  switch (field) {
    case 'to':
    case 'from':
      return { [field]: t('reportsArea.common.rangeInvalid') };
    case 'granularity':
      return { granularity: t('reportsArea.common.tooManyPeriods') };
    case 'customer_id':
    case 'seller_id':
    case 'technician_id':
    case 'category':
      return { [field]: t('errors.validation_failed') };
    default:
      return null;
  }
}

export function ReportFilters({
  filters,
  onChange,
  fields,
  errors,
  customerName,
}: {
  filters: Filters;
  onChange: (changes: ReportFilterChanges) => void;
  fields: ReportFilterFields;
  errors?: FilterErrors | null;
  /** The chosen customer's name when the page knows it (e.g. from the report), until the customer loads. */
  customerName?: string;
}) {
  const { t } = useTranslation();
  const sellers = useSellers(!!fields.seller);
  const technicians = useReportTechnicians(!!fields.technician);
  const chosenCustomer = useCustomer(filters.customer_id, !!fields.customer);
  const customer = chosenCustomer.data?.name ?? customerName;

  return (
    <Group role="search" aria-label={t('reportsArea.common.filters')} className="no-print" align="flex-start" gap="sm" wrap="wrap">
      <DateRangeFields
        value={{ from: filters.from ?? '', to: filters.to ?? '' }}
        onChange={(next) => onChange({ from: next.from, to: next.to })}
        errors={{ from: errors?.from, to: errors?.to }}
      />
      <Select
        label={t('reportsArea.common.granularity')}
        value={filters.granularity ?? 'auto'}
        onChange={(v) => onChange({ granularity: v === 'auto' ? null : v })}
        allowDeselect={false}
        data={[
          { value: 'auto', label: t('reportsArea.common.granularities.auto') },
          ...GRANULARITIES.map((g) => ({ value: g, label: t(`reportsArea.common.granularities.${g}`) })),
        ]}
        error={errors?.granularity}
        w={{ base: '100%', xs: 170 }}
      />
      {fields.customer && (
        <Box w={{ base: '100%', xs: 280 }}>
          <CustomerPicker
            label={t('reportsArea.common.customer')}
            value={filters.customer_id ?? null}
            selected={filters.customer_id && customer ? { id: filters.customer_id, name: customer } : null}
            onChange={(id) => onChange({ customer_id: id })}
            error={errors?.customer_id}
          />
        </Box>
      )}
      {fields.seller && (
        <Select
          label={t('reportsArea.common.seller')}
          placeholder={t('reportsArea.common.anySeller')}
          clearable
          searchable
          value={filters.seller_id ?? null}
          onChange={(v) => onChange({ seller_id: v })}
          data={(sellers.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
          error={errors?.seller_id}
          w={{ base: '100%', xs: 220 }}
        />
      )}
      {fields.technician && (
        <Select
          label={t('reportsArea.common.technician')}
          placeholder={t('reportsArea.common.anyTechnician')}
          clearable
          searchable
          value={filters.technician_id ?? null}
          onChange={(v) => onChange({ technician_id: v })}
          data={(technicians.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
          error={errors?.technician_id}
          w={{ base: '100%', xs: 220 }}
        />
      )}
      {fields.category && <CategoryField value={filters.category ?? ''} onChange={(category) => onChange({ category })} error={errors?.category} />}
    </Group>
  );
}

/** The typed segment: its own text at once, the filter after a pause. */
function CategoryField({ value, onChange, error }: { value: string; onChange: (category: string) => void; error?: string }) {
  const { t } = useTranslation();
  const [text, setText] = useState(value);
  const [debounced] = useDebouncedValue(text.trim(), CATEGORY_PAUSE_MS);
  // The filter as last sent or received, so a pause does not send it again.
  const known = useRef(value);

  // Another segment came from outside (a link, back/forward): show it.
  useEffect(() => {
    if (value !== known.current) {
      known.current = value;
      setText(value);
    }
  }, [value]);

  useEffect(() => {
    if (debounced !== known.current) {
      known.current = debounced;
      onChange(debounced);
    }
    // Only a pause in typing sends it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debounced]);

  return (
    <TextInput
      label={t('reportsArea.common.category')}
      placeholder={t('reportsArea.common.anyCategory')}
      maxLength={CATEGORY_MAX}
      value={text}
      onChange={(e) => setText(e.currentTarget.value)}
      error={error}
      w={{ base: '100%', xs: 200 }}
    />
  );
}
