/**
 * Frame for the signed-out pages (login, recovery, reset): a centred card
 * under the company name with the language switcher. Narrow enough for a
 * 360px phone, with the page content rendered through `<Outlet />`.
 */
import { Box, Container, Group, Paper, Text } from '@mantine/core';
import { Outlet } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useCompanyName } from '../api/settings';
import { LanguageSwitcher } from './LanguageSwitcher';

export function AuthLayout() {
  const { t } = useTranslation();
  const companyName = useCompanyName(t('app.name'));
  return (
    <Box component="main" mih="100dvh" bg="gray.0" py={{ base: 'md', sm: 48 }}>
      <Container size={440} px="sm">
        <Group justify="space-between" wrap="nowrap" mb="md" gap="sm">
          <Text fw={700} size="xl" truncate>
            {companyName}
          </Text>
          <LanguageSwitcher />
        </Group>
        <Paper withBorder shadow="sm" p={{ base: 'md', sm: 'xl' }}>
          <Outlet />
        </Paper>
      </Container>
    </Box>
  );
}
