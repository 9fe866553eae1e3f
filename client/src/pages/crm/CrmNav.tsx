/**
 * The CRM's shared header pieces: the view switch (board, list,
 * dashboard), the quick actions of seed 003 (new customer, new
 * opportunity, new ticket, export data) and the export menu with a
 * progress indication (CSV arrives page by page; the bytes received so
 * far are shown while it downloads).
 */
import { Button, Group, Menu, Progress, SegmentedControl, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router-dom';
import { downloadExport } from '../../api/crm';
import { useErrorMessage } from '../../i18n/errors';

export function CrmNav() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const value = pathname.startsWith('/crm/dashboard') ? 'dashboard' : pathname.startsWith('/crm/opportunities') ? 'list' : 'board';
  return (
    <SegmentedControl
      value={value}
      onChange={(v) => navigate(v === 'board' ? '/crm' : v === 'list' ? '/crm/opportunities' : '/crm/dashboard')}
      data={[
        { value: 'board', label: t('crm.views.board') },
        { value: 'list', label: t('crm.views.list') },
        { value: 'dashboard', label: t('crm.views.dashboard') },
      ]}
    />
  );
}

function size(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** An export the menu offers: its API path, the file name and the label. */
export type ExportItem = readonly [path: string, file: string, label: string];

/**
 * A menu of exports. While one downloads, the bytes received so far are
 * shown (the server streams CSV page by page; an XLSX arrives once the
 * server has written it) with a button that cancels it.
 */
export function ExportMenu({ items, label }: { items?: readonly ExportItem[]; label?: string }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [progress, setProgress] = useState<number | null>(null);
  const abort = useRef<AbortController | null>(null);
  // Leaving the page stops a download nobody would see finish.
  useEffect(() => () => abort.current?.abort(), []);
  const run = async (path: string, file: string) => {
    const controller = new AbortController();
    abort.current = controller;
    setProgress(0);
    try {
      await downloadExport(path, file, setProgress, controller.signal);
      notifications.show({ color: 'green', message: t('crm.export.done') });
    } catch (err) {
      if (controller.signal.aborted) notifications.show({ color: 'gray', message: t('crm.export.cancelled') });
      else notifications.show({ color: 'red', message: errorMessage(err) });
    } finally {
      abort.current = null;
      setProgress(null);
    }
  };
  const all: readonly ExportItem[] = items ?? [
    ['/api/v1/customers/export?format=csv', 'clientes.csv', `${t('crm.export.directory')} · ${t('crm.export.csv')}`],
    ['/api/v1/customers/export?format=xlsx', 'clientes.xlsx', `${t('crm.export.directory')} · ${t('crm.export.xlsx')}`],
    ['/api/v1/crm/opportunities/export?format=csv', 'oportunidades.csv', `${t('crm.export.opportunities')} · ${t('crm.export.csv')}`],
    ['/api/v1/crm/opportunities/export?format=xlsx', 'oportunidades.xlsx', `${t('crm.export.opportunities')} · ${t('crm.export.xlsx')}`],
  ];
  return (
    <>
      <Menu withinPortal>
        <Menu.Target>
          <Button variant="default" loading={progress !== null}>
            {label ?? t('crm.quick.export')}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>{t('crm.export.title')}</Menu.Label>
          {all.map(([path, file, itemLabel]) => (
            <Menu.Item key={path} onClick={() => void run(path, file)}>
              {itemLabel}
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
      {progress !== null && (
        <Group gap="xs" wrap="nowrap">
          <div role="status" style={{ minWidth: 160 }}>
            <Progress value={100} animated striped size="sm" />
            <Text size="xs">{t('crm.export.progress', { size: size(progress) })}</Text>
          </div>
          <Button size="xs" variant="subtle" color="red" onClick={() => abort.current?.abort()}>
            {t('crm.export.cancel')}
          </Button>
        </Group>
      )}
    </>
  );
}

export function QuickActions({ onNewOpportunity }: { onNewOpportunity: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Group gap="xs" aria-label={t('crm.quick.title')}>
      <Button variant="light" onClick={() => navigate('/customers')}>
        {t('crm.quick.newCustomer')}
      </Button>
      <Button onClick={onNewOpportunity}>{t('crm.quick.newOpportunity')}</Button>
      <Button variant="light" onClick={() => navigate('/tickets')}>
        {t('crm.quick.newTicket')}
      </Button>
      <ExportMenu />
    </Group>
  );
}
