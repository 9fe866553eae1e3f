/**
 * What a technician does on an order from a phone, and the office too:
 * post a timeline event (public or internal, a status from the catalog, a
 * comment and a camera photo) and add a part used. Touch targets are large
 * (size="lg") and buttons span the width on small screens, because these
 * forms are used standing next to a machine with dirty gloves.
 */
import { Alert, Button, Card, Checkbox, FileButton, Group, SegmentedControl, Select, SimpleGrid, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { addOrderPart, fetchOrderStatuses, postOrderEvent } from '../../api/orders';
import { useErrorMessage } from '../../i18n/errors';
import { MONEY_SHAPE, QUANTITY_SHAPE, blames, normaliseDecimal } from './fieldErrors';
import { useIsPhone } from './useIsPhone';

/** Post a timeline event, optionally with a photo from the camera. */
export function PostEventForm({ orderId, onDone, internalOnly = false }: { orderId: string; onDone: () => void; internalOnly?: boolean }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const phone = useIsPhone();
  const [visibility, setVisibility] = useState<'public' | 'internal'>(internalOnly ? 'internal' : 'public');
  const [comment, setComment] = useState('');
  const [photo, setPhoto] = useState<File | null>(null);
  const [statusId, setStatusId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const statuses = useQuery({ queryKey: ['order-statuses'], queryFn: ({ signal }) => fetchOrderStatuses(signal) });
  const post = useMutation({
    mutationFn: () => postOrderEvent(orderId, { visibility, comment: comment.trim(), status_id: statusId, photos: photo ? [photo] : [] }),
    onSuccess: () => {
      setComment('');
      setPhoto(null);
      setStatusId(null);
      notifications.show({ color: 'green', message: t('operationsArea.event.posted') });
      onDone();
    },
    onError: (err) => setError(blames(err, 'comment') ? errorMessage(err) : null),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!statusId && !comment.trim() && !photo) {
      setError(t('operationsArea.event.somethingRequired'));
      return;
    }
    setError(null);
    post.mutate();
  };
  return (
    <Card withBorder>
      <form aria-label={t('orders.postEvent')} onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Title order={2} size="h4">
            {t('orders.postEvent')}
          </Title>
          {internalOnly ? (
            <Text size="sm" c="dimmed">
              {t('operationsArea.closing.internalOnly')}
            </Text>
          ) : (
          <SegmentedControl
            aria-label={t('operationsArea.event.visibility')}
            size="md"
            value={visibility}
            onChange={(v) => {
              setVisibility(v as 'public' | 'internal');
              setStatusId(null);
            }}
            data={[
              { value: 'public', label: t('orders.public') },
              { value: 'internal', label: t('orders.internal') },
            ]}
          />
          )}
          <Select
            label={t('orders.status')}
            size="md"
            clearable
            value={statusId}
            onChange={setStatusId}
            data={(statuses.data ?? [])
              .filter((st) => st.visibility === visibility && st.active)
              .map((st) => ({ value: st.id, label: st.label }))}
          />
          <Textarea
            label={t('orders.comment')}
            size="md"
            autosize
            minRows={2}
            value={comment}
            onChange={(e) => setComment(e.currentTarget.value)}
            error={error}
          />
          <Group gap="sm" align="center">
            {/* capture opens the rear camera on phones. */}
            <FileButton onChange={setPhoto} accept="image/*" capture="environment" inputProps={{ 'aria-label': t('orders.photo') }}>
              {(props) => (
                <Button {...props} variant="default" size="lg" fullWidth={phone}>
                  {photo ? t('operationsArea.event.changePhoto') : t('operationsArea.event.takePhoto')}
                </Button>
              )}
            </FileButton>
            {photo && (
              <Group gap="xs">
                <Text size="sm">{photo.name}</Text>
                <Button variant="subtle" size="compact-md" onClick={() => setPhoto(null)}>
                  {t('operationsArea.event.removePhoto')}
                </Button>
              </Group>
            )}
          </Group>
          {post.isError && !error && (
            <Alert color="red" role="alert">
              {errorMessage(post.error)}
            </Alert>
          )}
          <Button type="submit" size="lg" fullWidth={phone} loading={post.isPending} style={{ alignSelf: phone ? undefined : 'flex-start' }}>
            {t('orders.post')}
          </Button>
        </Stack>
      </form>
    </Card>
  );
}

/** Add a part used on the order; the quantity and price are decimal strings. */
export function AddPartForm({ orderId, onDone }: { orderId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const phone = useIsPhone();
  const [description, setDescription] = useState('');
  const [quantity, setQuantity] = useState('1');
  const [price, setPrice] = useState('');
  const [warranty, setWarranty] = useState('');
  const [shown, setShown] = useState(true);
  const [errors, setErrors] = useState<{ description?: string; quantity?: string; price?: string; warranty?: string }>({});
  const add = useMutation({
    mutationFn: () =>
      addOrderPart(orderId, {
        description: description.trim(),
        quantity: normaliseDecimal(quantity),
        unit_price: normaliseDecimal(price) || '0',
        warranty_days: warranty.trim() ? Number(warranty.trim()) : 0,
        shown_to_customer: shown,
      }),
    onSuccess: () => {
      setDescription('');
      setQuantity('1');
      setPrice('');
      setWarranty('');
      notifications.show({ color: 'green', message: t('operationsArea.parts.added') });
      onDone();
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
    const next: typeof errors = {};
    if (!description.trim()) next.description = t('operationsArea.validation.descriptionRequired');
    const q = normaliseDecimal(quantity);
    if (!QUANTITY_SHAPE.test(q) || Number(q) <= 0) next.quantity = t('operationsArea.validation.quantityInvalid');
    const p = normaliseDecimal(price);
    if (p && !MONEY_SHAPE.test(p)) next.price = t('operationsArea.validation.moneyInvalid');
    if (warranty.trim() && !/^\d{1,4}$/.test(warranty.trim())) next.warranty = t('operationsArea.validation.warrantyInvalid');
    setErrors(next);
    if (Object.values(next).some(Boolean)) return;
    add.mutate();
  };
  return (
    <Card withBorder mt="sm">
      <form aria-label={t('orders.addPart')} onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Title order={3} size="h5">
            {t('orders.addPart')}
          </Title>
          <TextInput
            label={t('orders.partDescription')}
            size="md"
            required
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
            error={errors.description}
          />
          <SimpleGrid cols={{ base: 1, xs: 3 }}>
            <TextInput label={t('orders.quantity')} size="md" inputMode="decimal" value={quantity} onChange={(e) => setQuantity(e.currentTarget.value)} error={errors.quantity} />
            <TextInput label={t('orders.unitPrice')} size="md" inputMode="decimal" placeholder="0.00" value={price} onChange={(e) => setPrice(e.currentTarget.value)} error={errors.price} />
            <TextInput label={t('operationsArea.parts.warrantyDays')} size="md" inputMode="numeric" value={warranty} onChange={(e) => setWarranty(e.currentTarget.value)} error={errors.warranty} />
          </SimpleGrid>
          <Checkbox size="md" label={t('operationsArea.parts.shownToCustomer')} checked={shown} onChange={(e) => setShown(e.currentTarget.checked)} />
          {add.isError && !Object.values(errors).some(Boolean) && (
            <Alert color="red" role="alert">
              {errorMessage(add.error)}
            </Alert>
          )}
          <Button type="submit" size="lg" fullWidth={phone} loading={add.isPending} style={{ alignSelf: phone ? undefined : 'flex-start' }}>
            {t('orders.addPart')}
          </Button>
        </Stack>
      </form>
    </Card>
  );
}
