/**
 * Editing a part already on an order (office roles and whoever added it):
 * the same fields and checks as adding one, in a dialog. The server keeps
 * the previous version in the part's history and stamps who edited it.
 */
import { Alert, Button, Checkbox, Group, Modal, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrderPart } from '../../api/orders';
import { updatePart } from '../../api/records';
import { useErrorMessage } from '../../i18n/errors';
import { MONEY_SHAPE, QUANTITY_SHAPE, blames, normaliseDecimal } from '../operations/fieldErrors';

type Errors = { description?: string; quantity?: string; price?: string; warranty?: string };

export function PartEditDialog({
  orderId,
  part,
  onClose,
  onSaved,
}: {
  orderId: string;
  part: OrderPart;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [description, setDescription] = useState(part.description);
  const [quantity, setQuantity] = useState(part.quantity);
  const [price, setPrice] = useState(part.unit_price);
  const [warranty, setWarranty] = useState(String(part.warranty_days ?? 0));
  const [shown, setShown] = useState(part.shown_to_customer !== false);
  const [errors, setErrors] = useState<Errors>({});
  const save = useMutation({
    mutationFn: () =>
      updatePart(orderId, part.id, {
        description: description.trim(),
        quantity: normaliseDecimal(quantity),
        unit_price: normaliseDecimal(price) || '0',
        warranty_days: warranty.trim() ? Number(warranty.trim()) : 0,
        shown_to_customer: shown,
      }),
    onSuccess: () => {
      notifications.show({ color: 'green', message: t('recordsArea.parts.saved') });
      onSaved();
    },
    onError: (err) => {
      const m = errorMessage(err);
      if (blames(err, 'description')) setErrors({ description: m });
      else if (blames(err, 'quantity')) setErrors({ quantity: m });
      else if (blames(err, 'unit_price')) setErrors({ price: m });
      else if (blames(err, 'warranty_days')) setErrors({ warranty: m });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next: Errors = {};
    if (!description.trim()) next.description = t('operationsArea.validation.descriptionRequired');
    const q = normaliseDecimal(quantity);
    if (!QUANTITY_SHAPE.test(q) || Number(q) <= 0) next.quantity = t('operationsArea.validation.quantityInvalid');
    const p = normaliseDecimal(price);
    if (p && !MONEY_SHAPE.test(p)) next.price = t('operationsArea.validation.moneyInvalid');
    if (warranty.trim() && !/^\d{1,4}$/.test(warranty.trim())) next.warranty = t('operationsArea.validation.warrantyInvalid');
    setErrors(next);
    if (!Object.values(next).some(Boolean)) save.mutate();
  };
  return (
    <Modal opened onClose={onClose} title={t('recordsArea.parts.editTitle')} centered>
      <form onSubmit={submit} noValidate aria-label={t('recordsArea.parts.editTitle')}>
        <Stack gap="sm">
          <TextInput
            label={t('recordsArea.parts.description')}
            required
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
            error={errors.description}
            data-autofocus
          />
          <SimpleGrid cols={{ base: 1, xs: 3 }}>
            <TextInput label={t('recordsArea.parts.quantity')} inputMode="decimal" value={quantity} onChange={(e) => setQuantity(e.currentTarget.value)} error={errors.quantity} />
            <TextInput label={t('recordsArea.parts.unitPrice')} inputMode="decimal" value={price} onChange={(e) => setPrice(e.currentTarget.value)} error={errors.price} />
            <TextInput label={t('recordsArea.parts.warrantyField')} inputMode="numeric" value={warranty} onChange={(e) => setWarranty(e.currentTarget.value)} error={errors.warranty} />
          </SimpleGrid>
          <Checkbox label={t('recordsArea.parts.shownToCustomer')} checked={shown} onChange={(e) => setShown(e.currentTarget.checked)} />
          {save.isError && !Object.values(errors).some(Boolean) && (
            <Alert color="red" role="alert">
              {errorMessage(save.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={save.isPending}>
              {t('recordsArea.common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t('recordsArea.common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
