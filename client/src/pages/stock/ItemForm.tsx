/**
 * The catalog item editor (office roles): SKU, description, brand, part
 * number, unit, sale price, default warranty, stocking levels (minimum,
 * maximum, reorder multiple) and compatible models. Server refusals land on
 * the field they name (`sku_taken` on the SKU).
 */
import { Alert, Button, Card, Group, NativeSelect, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Item, type ItemInput, STOCK_UNITS, type StockUnit, createItem, updateItem } from '../../api/stock';
import { blames, normaliseDecimal } from '../../components/operations/fieldErrors';
import { useErrorMessage } from '../../i18n/errors';

type Field = 'sku' | 'description' | 'sale_price' | 'minimum' | 'maximum' | 'reorder_multiple' | 'warranty_days';

export function ItemForm({ item, onSaved, onCancel }: { item?: Item; onSaved: (item: Item) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [sku, setSku] = useState(item?.sku ?? '');
  const [description, setDescription] = useState(item?.description ?? '');
  const [brand, setBrand] = useState(item?.brand ?? '');
  const [partNumber, setPartNumber] = useState(item?.part_number ?? '');
  const [unit, setUnit] = useState<StockUnit>(item?.unit ?? 'piece');
  const [price, setPrice] = useState(item?.sale_price ?? '');
  const [warranty, setWarranty] = useState(String(item?.warranty_days ?? 0));
  const [minimum, setMinimum] = useState(item?.minimum ?? '0');
  const [maximum, setMaximum] = useState(item?.maximum ?? '0');
  const [multiple, setMultiple] = useState(item?.reorder_multiple ?? '1');
  const [models, setModels] = useState((item?.models ?? []).join(', '));
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const save = useMutation({
    mutationFn: () => {
      const input: ItemInput = {
        sku: sku.trim(),
        description: description.trim(),
        brand: brand.trim(),
        part_number: partNumber.trim(),
        unit,
        sale_price: normaliseDecimal(price) || '0',
        warranty_days: Number(warranty) || 0,
        minimum: normaliseDecimal(minimum) || '0',
        maximum: normaliseDecimal(maximum) || '0',
        reorder_multiple: normaliseDecimal(multiple) || '1',
        preferred_supplier_id: item?.preferred_supplier_id ?? null,
        models: models.split(',').map((m) => m.trim()).filter(Boolean),
      };
      return item ? updateItem(item.id, input) : createItem(input);
    },
    onSuccess: (saved) => onSaved(saved),
    onError: (err) => {
      const m = errorMessage(err);
      const fields: Field[] = ['sku', 'description', 'sale_price', 'minimum', 'maximum', 'reorder_multiple', 'warranty_days'];
      const field = fields.find((f) => blames(err, f));
      if (field) setErrors({ [field]: m });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next: typeof errors = {};
    if (!sku.trim()) next.sku = t('stockArea.required');
    if (!description.trim()) next.description = t('stockArea.required');
    setErrors(next);
    if (Object.values(next).some(Boolean)) return;
    save.mutate();
  };
  return (
    <Card withBorder>
      <form aria-label={item ? t('stockArea.edit') : t('stockArea.newItem')} onSubmit={submit} noValidate>
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t('stockArea.sku')} required value={sku} onChange={(e) => setSku(e.currentTarget.value)} error={errors.sku} />
            <TextInput label={t('stockArea.description')} required value={description} onChange={(e) => setDescription(e.currentTarget.value)} error={errors.description} />
            <TextInput label={t('stockArea.brand')} value={brand} onChange={(e) => setBrand(e.currentTarget.value)} />
            <TextInput label={t('stockArea.partNumber')} value={partNumber} onChange={(e) => setPartNumber(e.currentTarget.value)} />
            <NativeSelect
              label={t('stockArea.unit')}
              value={unit}
              onChange={(e) => setUnit(e.currentTarget.value as StockUnit)}
              data={STOCK_UNITS.map((u) => ({ value: u, label: t(`stockArea.units.${u}`) }))}
            />
            <TextInput label={t('stockArea.salePrice')} inputMode="decimal" value={price} onChange={(e) => setPrice(e.currentTarget.value)} error={errors.sale_price} />
            <TextInput label={t('stockArea.warrantyDays')} inputMode="numeric" value={warranty} onChange={(e) => setWarranty(e.currentTarget.value)} error={errors.warranty_days} />
            <TextInput label={t('stockArea.minimum')} inputMode="decimal" value={minimum} onChange={(e) => setMinimum(e.currentTarget.value)} error={errors.minimum} />
            <TextInput label={t('stockArea.maximum')} inputMode="decimal" value={maximum} onChange={(e) => setMaximum(e.currentTarget.value)} error={errors.maximum} />
            <TextInput label={t('stockArea.reorderMultiple')} inputMode="decimal" value={multiple} onChange={(e) => setMultiple(e.currentTarget.value)} error={errors.reorder_multiple} />
          </SimpleGrid>
          <TextInput label={t('stockArea.models')} value={models} onChange={(e) => setModels(e.currentTarget.value)} />
          {save.isError && !Object.values(errors).some(Boolean) && (
            <Alert color="red" role="alert">
              {errorMessage(save.error)}
            </Alert>
          )}
          <Group>
            <Button type="submit" loading={save.isPending}>
              {t('stockArea.save')}
            </Button>
            <Button variant="default" onClick={onCancel}>
              {t('stockArea.cancel')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
