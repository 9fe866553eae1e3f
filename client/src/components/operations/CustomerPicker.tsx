/**
 * A searchable customer select backed by GET /api/v1/customers?q=… (the
 * server searches name, tax id, e-mail and phone, within the caller's
 * scope). Used when creating orders and tickets, and as a report filter;
 * the option shows the tax id so two similar names can be told apart.
 * `selected` names the customer `value` holds when it was not picked here
 * (e.g. read from the URL), so the input shows its name.
 */
import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';

export interface CustomerOption {
  id: string;
  name: string;
  tax_id?: string;
  active?: boolean;
}

export function CustomerPicker({
  value,
  onChange,
  error,
  label,
  required = false,
  selected = null,
}: {
  value: string | null;
  onChange: (id: string | null, customer: CustomerOption | null) => void;
  error?: string | null;
  label?: string;
  required?: boolean;
  selected?: CustomerOption | null;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const [picked, setChosen] = useState<CustomerOption | null>(null);
  const chosen = picked ?? (selected && selected.id === value ? selected : null);
  // After a pick the input shows the option's label; that is not a new search.
  const q = chosen && debounced === optionLabel(chosen) ? '' : debounced;
  const url = `/api/v1/customers?active=true&limit=20${q ? `&q=${encodeURIComponent(q)}` : ''}`;
  const customers = useQuery({
    queryKey: ['customers', 'picker', q],
    queryFn: ({ signal }) => api.get<{ items: CustomerOption[] }>(url, signal),
    placeholderData: keepPreviousData,
  });
  const items = customers.data?.items ?? [];
  // Keep the chosen customer selectable even when a later search no longer lists it.
  const options = chosen && !items.some((c) => c.id === chosen.id) ? [chosen, ...items] : items;
  return (
    <Select
      label={label ?? t('orders.customer')}
      placeholder={t('operationsArea.customerPicker.placeholder')}
      required={required}
      searchable
      clearable
      value={value}
      searchValue={search}
      onSearchChange={setSearch}
      // The server already searched (also by tax id); do not filter its answer again by label.
      filter={({ options: opts }) => opts}
      nothingFoundMessage={customers.isFetching ? t('common.loading') : t('operationsArea.customerPicker.nothingFound')}
      data={options.map((c) => ({ value: c.id, label: optionLabel(c) }))}
      onChange={(id) => {
        const customer = options.find((c) => c.id === id) ?? null;
        setChosen(customer);
        onChange(id, customer);
      }}
      error={error}
    />
  );
}

function optionLabel(c: CustomerOption): string {
  return c.tax_id ? `${c.name} · ${c.tax_id}` : c.name;
}
