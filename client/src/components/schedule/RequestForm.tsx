/**
 * File a maintenance request: one of the company's machines, what is wrong,
 * the dates the customer would prefer (up to 10) and photos (up to 10,
 * PNG/JPEG/WebP/GIF). A customer contact always files for their own company;
 * staff choose the customer. The request is created first (JSON), then the
 * photos are uploaded to it (multipart, `photos` fields): if only the upload
 * fails, the request exists and the user is told the photos were not added.
 */
import { Alert, Button, Card, CloseButton, FileInput, Group, NativeSelect, Stack, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '../../api/auth';
import {
  MAX_REQUEST_PHOTOS,
  type RequestView,
  createRequest,
  equipmentLabel,
  fromLocalInput,
  requestsKey,
  uploadRequestPhotos,
} from '../../api/schedule';
import { useErrorMessage } from '../../i18n/errors';
import { DateTimeField } from './DateTimeField';
import { type ClientErrors, useServerFieldErrors } from './formErrors';
import { useCustomerOptions, useEquipmentOf } from './lookups';

const FIELDS = ['customer_id', 'equipment_id', 'description', 'preferred_dates'] as const;
const MAX_DATES = 10;
const MAX_DESCRIPTION = 8000;
const IMAGE_TYPES = 'image/png,image/jpeg,image/webp,image/gif';

export function RequestForm({ user, onDone }: { user: User; onDone: (r: RequestView) => void }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const queryClient = useQueryClient();
  const isCustomer = user.role === 'customer';
  const [customerId, setCustomerId] = useState(isCustomer ? (user.customer_id ?? '') : '');
  const [equipmentId, setEquipmentId] = useState('');
  const [description, setDescription] = useState('');
  const [dates, setDates] = useState<string[]>(['']);
  const [photos, setPhotos] = useState<File[]>([]);
  const [errors, setErrors] = useState<ClientErrors>({});
  const [dateErrors, setDateErrors] = useState<(string | undefined)[]>([]);

  const customers = useCustomerOptions(!isCustomer);
  const equipment = useEquipmentOf(customerId || null);

  const create = useMutation({
    mutationFn: async () => {
      const created = await createRequest({
        ...(isCustomer ? {} : { customer_id: customerId }),
        equipment_id: equipmentId,
        description: description.trim(),
        preferred_dates: dates.map(fromLocalInput).filter((d): d is string => d !== null),
      });
      if (photos.length === 0) return { request: created, photoError: null };
      try {
        return { request: await uploadRequestPhotos(created.id, photos), photoError: null };
      } catch (err) {
        return { request: created, photoError: err };
      }
    },
    onSuccess: ({ request, photoError }) => {
      void queryClient.invalidateQueries({ queryKey: requestsKey });
      if (photoError) {
        notifications.show({
          color: 'orange',
          message: `${t('requestsArea.photosFailed')} ${errorMessage(photoError)}`,
          autoClose: false,
        });
      } else {
        notifications.show({ color: 'green', message: t('requestsArea.sent') });
      }
      onDone(request);
    },
  });
  const server = useServerFieldErrors(create.error, FIELDS);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found: ClientErrors = {};
    if (!customerId) found.customer_id = t('requestsArea.validation.customerRequired');
    if (!equipmentId) found.equipment_id = t('requestsArea.validation.equipmentRequired');
    if (description.trim() === '') found.description = t('requestsArea.validation.descriptionRequired');
    if (photos.length > MAX_REQUEST_PHOTOS) found.photos = t('requestsArea.validation.tooManyPhotos', { max: MAX_REQUEST_PHOTOS });
    const perDate = dates.map((d) => (d !== '' && !fromLocalInput(d) ? t('requestsArea.validation.badDate') : undefined));
    setErrors(found);
    setDateErrors(perDate);
    if (Object.keys(found).length > 0 || perDate.some(Boolean)) return;
    create.mutate();
  };

  return (
    <Card withBorder maw={720}>
      <form onSubmit={submit} noValidate aria-labelledby="request-form-title">
        <Stack gap="sm">
          <Title order={2} size="h4" id="request-form-title">
            {t('requestsArea.new')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('requestsArea.intro')}
          </Text>
          {server.general && (
            <Alert color="red" role="alert">
              {server.general}
            </Alert>
          )}
          {!isCustomer && (
            <NativeSelect
              label={t('requestsArea.customer')}
              required
              value={customerId}
              onChange={(e) => {
                setCustomerId(e.currentTarget.value);
                setEquipmentId('');
              }}
              error={errors.customer_id ?? server.on('customer_id')}
              data={[
                { value: '', label: customers.isPending ? t('common.loading') : t('requestsArea.chooseCustomer') },
                ...(customers.data ?? []).map((c) => ({ value: c.id, label: c.name })),
              ]}
            />
          )}
          <NativeSelect
            label={t('requestsArea.equipment')}
            required
            value={equipmentId}
            disabled={!customerId}
            onChange={(e) => setEquipmentId(e.currentTarget.value)}
            error={errors.equipment_id ?? server.on('equipment_id')}
            description={equipment.data && equipment.data.length === 0 ? t('requestsArea.noMachines') : undefined}
            data={[
              { value: '', label: equipment.isFetching ? t('common.loading') : t('requestsArea.chooseEquipment') },
              ...(equipment.data ?? []).map((m) => ({ value: m.id, label: equipmentLabel(m) })),
            ]}
          />
          <Textarea
            label={t('requestsArea.description')}
            description={t('requestsArea.descriptionHint')}
            required
            autosize
            minRows={3}
            maxLength={MAX_DESCRIPTION}
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
            error={errors.description ?? server.on('description')}
          />
          <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
            <Text component="legend" fw={500} size="sm" mb={4}>
              {t('requestsArea.preferredDates')}
            </Text>
            <Stack gap="xs">
              {dates.map((d, i) => (
                <Group key={i} gap="xs" align="flex-end" wrap="nowrap">
                  <div style={{ flex: 1 }}>
                    <DateTimeField
                      label={t('requestsArea.preferredDateN', { n: i + 1 })}
                      value={d}
                      onChange={(v) => setDates((all) => all.map((x, j) => (j === i ? v : x)))}
                      error={dateErrors[i]}
                    />
                  </div>
                  {dates.length > 1 && (
                    <CloseButton
                      aria-label={t('requestsArea.removeDate', { n: i + 1 })}
                      onClick={() => setDates((all) => all.filter((_, j) => j !== i))}
                      mb={6}
                    />
                  )}
                </Group>
              ))}
              {server.on('preferred_dates') && (
                <Text c="red" size="sm" role="alert">
                  {server.on('preferred_dates')}
                </Text>
              )}
              {dates.length < MAX_DATES && (
                <Group>
                  <Button variant="subtle" size="compact-sm" onClick={() => setDates((all) => [...all, ''])}>
                    {t('requestsArea.addDate')}
                  </Button>
                </Group>
              )}
            </Stack>
          </fieldset>
          <FileInput
            label={t('requestsArea.photos')}
            description={t('requestsArea.photosHint', { max: MAX_REQUEST_PHOTOS })}
            placeholder={t('requestsArea.choosePhotos')}
            multiple
            clearable
            accept={IMAGE_TYPES}
            value={photos}
            onChange={setPhotos}
            error={errors.photos}
          />
          <Group>
            <Button type="submit" loading={create.isPending}>
              {t('requestsArea.send')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
