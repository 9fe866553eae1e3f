/**
 * The payment methods catalog on the catalogs page (cash, transfer, card…):
 * add, rename, activate/deactivate, and delete. A method that payments
 * already use can only be deactivated (old payments keep showing it); the
 * list says so up front, and a delete the server refuses with
 * `method_in_use` explains the same and offers to deactivate instead.
 */
import { Alert, Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type PaymentMethod,
  problemCode,
  problemField,
  useCreatePaymentMethod,
  useDeletePaymentMethod,
  useUpdatePaymentMethod,
} from '../../api/admin';
import { useErrorMessage } from '../../i18n/errors';
import { ConfirmDialog } from './ConfirmDialog';
import { AddNameForm, RenameForm } from './NameForms';

const MAX_NAME = 80;

export function PaymentMethodsCatalog({ methods }: { methods: PaymentMethod[] }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const create = useCreatePaymentMethod();
  const update = useUpdatePaymentMethod();
  const remove = useDeletePaymentMethod();
  const [renaming, setRenaming] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<PaymentMethod | null>(null);

  const nameError = (error: unknown) => {
    if (problemField(error) !== 'name') return undefined;
    return problemCode(error) === 'method_name_taken' ? t('errors.method_name_taken') : t('adminArea.invalidField');
  };

  const setActive = (m: PaymentMethod, active: boolean, after?: () => void) =>
    update.mutate(
      { id: m.id, active },
      {
        onSuccess: (saved) => {
          notifications.show({
            color: 'green',
            message: t(saved.active ? 'adminArea.catalogs.activatedNamed' : 'adminArea.catalogs.deactivatedNamed', { name: saved.name }),
          });
          after?.();
        },
        onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }),
      },
    );

  const inUse = deleting && (deleting.in_use || problemCode(remove.error) === 'method_in_use');
  const sorted = [...methods].sort((a, b) => a.name.localeCompare(b.name));
  return (
    <Card withBorder component="section" aria-labelledby="payment-methods-title">
      <Stack gap="sm">
        <div>
          <Title order={2} size="h4" id="payment-methods-title">
            {t('catalogs.paymentMethods')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('adminArea.catalogs.methodsHint')}
          </Text>
        </div>
        {sorted.length === 0 && <Text c="dimmed">{t('common.empty')}</Text>}
        <Stack component="ul" gap={6} p={0} m={0} style={{ listStyle: 'none' }}>
          {sorted.map((m) => (
            <Group component="li" key={m.id} justify="space-between" gap="xs" wrap="wrap">
              {renaming === m.id ? (
                <RenameForm
                  label={t('adminArea.catalogs.renameLabel', { name: m.name })}
                  initial={m.name}
                  max={MAX_NAME}
                  pending={update.isPending}
                  serverError={update.isError ? nameError(update.error) : undefined}
                  onCancel={() => {
                    update.reset();
                    setRenaming(null);
                  }}
                  onSubmit={(name) =>
                    update.mutate(
                      { id: m.id, name },
                      {
                        onSuccess: () => {
                          notifications.show({ color: 'green', message: t('adminArea.catalogs.renamed') });
                          setRenaming(null);
                        },
                        onError: (error) => {
                          if (!nameError(error)) notifications.show({ color: 'red', message: errorMessage(error) });
                        },
                      },
                    )
                  }
                />
              ) : (
                <>
                  <Group gap="xs" style={{ minWidth: 0 }}>
                    <Text size="sm" c={m.active ? undefined : 'dimmed'} style={{ overflowWrap: 'anywhere' }}>
                      {m.name}
                    </Text>
                    {!m.active && (
                      <Badge size="xs" color="gray">
                        {t('adminArea.inactive')}
                      </Badge>
                    )}
                    {m.in_use && (
                      <Badge size="xs" variant="outline" color="blue">
                        {t('adminArea.catalogs.inUse')}
                      </Badge>
                    )}
                  </Group>
                  <Group gap={4} wrap="nowrap">
                    <Button
                      size="xs"
                      variant="default"
                      onClick={() => {
                        update.reset();
                        setRenaming(m.id);
                      }}
                      aria-label={t('adminArea.catalogs.renameNamed', { name: m.name })}
                    >
                      {t('adminArea.rename')}
                    </Button>
                    <Button
                      size="xs"
                      variant="light"
                      color={m.active ? 'orange' : 'green'}
                      onClick={() => setActive(m, !m.active)}
                      aria-label={t(m.active ? 'adminArea.catalogs.deactivateNamed' : 'adminArea.catalogs.activateNamed', {
                        name: m.name,
                      })}
                    >
                      {m.active ? t('adminArea.deactivate') : t('adminArea.activate')}
                    </Button>
                    {!m.in_use && (
                      <Button
                        size="xs"
                        variant="light"
                        color="red"
                        onClick={() => {
                          remove.reset();
                          setDeleting(m);
                        }}
                        aria-label={t('adminArea.catalogs.deleteNamed', { name: m.name })}
                      >
                        {t('adminArea.delete')}
                      </Button>
                    )}
                  </Group>
                </>
              )}
            </Group>
          ))}
        </Stack>
        <AddNameForm
          label={t('adminArea.catalogs.newMethod')}
          submitLabel={t('adminArea.add')}
          max={MAX_NAME}
          pending={create.isPending}
          serverError={create.isError ? nameError(create.error) : undefined}
          onSubmit={async (name) => {
            try {
              await create.mutateAsync(name);
              notifications.show({ color: 'green', message: t('adminArea.catalogs.added', { name }) });
              return true;
            } catch (error) {
              if (!nameError(error)) notifications.show({ color: 'red', message: errorMessage(error) });
              return false;
            }
          }}
        />
      </Stack>
      {deleting && (
        <ConfirmDialog
          opened
          title={t('adminArea.catalogs.deleteTitle', { name: deleting.name })}
          confirmLabel={inUse ? t('adminArea.deactivate') : t('adminArea.delete')}
          color={inUse ? 'orange' : 'red'}
          loading={remove.isPending || update.isPending}
          error={remove.isError && !inUse ? errorMessage(remove.error) : null}
          onClose={() => setDeleting(null)}
          onConfirm={() => {
            if (inUse) {
              setActive(deleting, false, () => setDeleting(null));
              return;
            }
            remove.mutate(deleting.id, {
              onSuccess: () => {
                notifications.show({ color: 'green', message: t('adminArea.catalogs.deleted', { name: deleting.name }) });
                setDeleting(null);
              },
            });
          }}
        >
          {inUse ? (
            <Alert color="orange" variant="light" role="alert">
              {t('adminArea.catalogs.methodInUse')}
            </Alert>
          ) : (
            <Text>{t('adminArea.catalogs.deleteBody', { name: deleting.name })}</Text>
          )}
        </ConfirmDialog>
      )}
    </Card>
  );
}
