/**
 * One order status catalog (public or internal) on the catalogs page: its
 * labels in order, with up/down buttons to reorder (plain buttons, so the
 * keyboard works and focus follows the moved label), rename in place,
 * activate/deactivate (inactive labels stay on past events but cannot be
 * chosen), and a form to add a label at the end.
 */
import { ActionIcon, Alert, Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type OrderStatus,
  type Visibility,
  moveId,
  problemCode,
  problemField,
  useCreateOrderStatus,
  useReorderOrderStatuses,
  useUpdateOrderStatus,
} from '../../api/admin';
import { useErrorMessage } from '../../i18n/errors';
import { AddNameForm, RenameForm } from './NameForms';

const MAX_LABEL = 60;

export function StatusCatalog({ visibility, statuses }: { visibility: Visibility; statuses: OrderStatus[] }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const create = useCreateOrderStatus();
  const update = useUpdateOrderStatus();
  const reorder = useReorderOrderStatuses();
  const [renaming, setRenaming] = useState<string | null>(null);
  const titleId = `statuses-${visibility}`;
  const sorted = [...statuses].sort((a, b) => a.position - b.position);

  /** A label clash is a 409 `conflict` on `label`: say so plainly. */
  const labelError = (error: unknown) => {
    if (problemField(error) !== 'label') return undefined;
    return problemCode(error) === 'conflict' ? t('adminArea.catalogs.labelTaken') : t('adminArea.invalidField');
  };

  const move = (status: OrderStatus, delta: -1 | 1) => {
    if (reorder.isPending) return;
    const ids = moveId(sorted, status.id, delta);
    reorder.mutate(
      { visibility, ids },
      {
        onSuccess: () => {
          // Keep the keyboard on the label that moved (or its other arrow at the ends).
          requestAnimationFrame(() => {
            const index = ids.indexOf(status.id);
            const dir = delta < 0 ? 'up' : 'down';
            const atEnd = delta < 0 ? index === 0 : index === ids.length - 1;
            const target = atEnd ? (dir === 'up' ? 'down' : 'up') : dir;
            document.getElementById(`move-${target}-${status.id}`)?.focus();
          });
        },
      },
    );
  };

  const toggle = (status: OrderStatus) =>
    update.mutate(
      { id: status.id, active: !status.active },
      {
        onSuccess: (s) =>
          notifications.show({
            color: 'green',
            message: t(s.active ? 'adminArea.catalogs.activatedNamed' : 'adminArea.catalogs.deactivatedNamed', { name: s.label }),
          }),
        onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }),
      },
    );

  return (
    <Card withBorder component="section" aria-labelledby={titleId}>
      <Stack gap="sm">
        <div>
          <Title order={2} size="h4" id={titleId}>
            {t(`catalogs.${visibility}`)}
          </Title>
          <Text size="sm" c="dimmed">
            {t(`adminArea.catalogs.${visibility}Hint`)}
          </Text>
        </div>
        {reorder.isError && (
          <Alert color="red" variant="light" role="alert">
            {errorMessage(reorder.error)}
          </Alert>
        )}
        {sorted.length === 0 && <Text c="dimmed">{t('common.empty')}</Text>}
        <Stack component="ol" gap={6} p={0} m={0} style={{ listStyle: 'none' }}>
          {sorted.map((s, i) => (
            <Group component="li" key={s.id} justify="space-between" gap="xs" wrap="wrap">
              {renaming === s.id ? (
                <RenameForm
                  label={t('adminArea.catalogs.renameLabel', { name: s.label })}
                  initial={s.label}
                  max={MAX_LABEL}
                  pending={update.isPending}
                  serverError={update.isError ? labelError(update.error) : undefined}
                  onCancel={() => {
                    update.reset();
                    setRenaming(null);
                  }}
                  onSubmit={(label) =>
                    update.mutate(
                      { id: s.id, label },
                      {
                        onSuccess: () => {
                          notifications.show({ color: 'green', message: t('adminArea.catalogs.renamed') });
                          setRenaming(null);
                        },
                        onError: (error) => {
                          if (!labelError(error)) notifications.show({ color: 'red', message: errorMessage(error) });
                        },
                      },
                    )
                  }
                />
              ) : (
                <>
                  <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
                    <Text size="sm" c="dimmed" w={24} ta="right">
                      {i + 1}.
                    </Text>
                    <Text size="sm" c={s.active ? undefined : 'dimmed'} style={{ overflowWrap: 'anywhere' }}>
                      {s.label}
                    </Text>
                    {!s.active && (
                      <Badge size="xs" color="gray">
                        {t('adminArea.inactive')}
                      </Badge>
                    )}
                  </Group>
                  <Group gap={4} wrap="nowrap">
                    <ActionIcon
                      id={`move-up-${s.id}`}
                      variant="default"
                      disabled={i === 0}
                      onClick={() => move(s, -1)}
                      aria-label={t('adminArea.catalogs.moveUp', { name: s.label })}
                    >
                      <span aria-hidden="true">↑</span>
                    </ActionIcon>
                    <ActionIcon
                      id={`move-down-${s.id}`}
                      variant="default"
                      disabled={i === sorted.length - 1}
                      onClick={() => move(s, 1)}
                      aria-label={t('adminArea.catalogs.moveDown', { name: s.label })}
                    >
                      <span aria-hidden="true">↓</span>
                    </ActionIcon>
                    <Button
                      size="xs"
                      variant="default"
                      onClick={() => {
                        update.reset();
                        setRenaming(s.id);
                      }}
                      aria-label={t('adminArea.catalogs.renameNamed', { name: s.label })}
                    >
                      {t('adminArea.rename')}
                    </Button>
                    <Button
                      size="xs"
                      variant="light"
                      color={s.active ? 'red' : 'green'}
                      onClick={() => toggle(s)}
                      aria-label={t(s.active ? 'adminArea.catalogs.deactivateNamed' : 'adminArea.catalogs.activateNamed', {
                        name: s.label,
                      })}
                    >
                      {s.active ? t('adminArea.deactivate') : t('adminArea.activate')}
                    </Button>
                  </Group>
                </>
              )}
            </Group>
          ))}
        </Stack>
        <AddNameForm
          label={t(`adminArea.catalogs.new_${visibility}`)}
          submitLabel={t('adminArea.add')}
          max={MAX_LABEL}
          pending={create.isPending}
          serverError={create.isError ? labelError(create.error) : undefined}
          onSubmit={async (label) => {
            try {
              await create.mutateAsync({ visibility, label });
              notifications.show({ color: 'green', message: t('adminArea.catalogs.added', { name: label }) });
              return true;
            } catch (error) {
              if (!labelError(error)) notifications.show({ color: 'red', message: errorMessage(error) });
              return false;
            }
          }}
        />
      </Stack>
    </Card>
  );
}
