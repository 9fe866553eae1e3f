/**
 * The quotes of an opportunity, on its page: "desde una oportunidad en
 * propuesta, crear presupuesto" opens the quote editor for its customer
 * (`/quotes/new?opportunity_id=…`), and the quotes made for it are listed
 * with their state. When the customer approves one, the opportunity is won
 * in the same transaction: the page (following the CRM feed and, for office
 * roles, `staff:quotes`) shows both without a reload.
 */
import { Anchor, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Opportunity } from '../../api/generated/Opportunity';
import { useQuotes } from '../../api/quotes';
import { useCurrentUser } from '../../components/RequireAuth';
import { QuoteStateBadge } from '../../components/quotes/QuoteView';
import { useQuotesLive } from '../../components/quotes/useQuotesLive';
import { formatMoney } from '../../lib/format';

/** The stages at which the CRM makes a quote (as the API checks). */
export const QUOTABLE_STAGES: readonly Opportunity['stage'][] = ['proposal', 'negotiation'];

export function OpportunityQuotes({ opportunity: o }: { opportunity: Opportunity }) {
  const { t, i18n } = useTranslation();
  const user = useCurrentUser();
  const quotes = useQuotes({ opportunity_id: o.id });
  useQuotesLive(user.role);
  // A stage change (the approval that won it) also reloads the list.
  const queryClient = useQueryClient();
  useEffect(() => {
    void queryClient.invalidateQueries({ queryKey: ['quotes'] });
  }, [o.stage, queryClient]);
  const items = quotes.data?.items ?? [];
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2} size="h4">
          {t('crm.quotes.title')}
        </Title>
        {QUOTABLE_STAGES.includes(o.stage) && (
          <Button size="xs" component={Link} to={`/quotes/new?opportunity_id=${o.id}&customer_id=${o.customer_id}`}>
            {t('crm.quotes.create')}
          </Button>
        )}
      </Group>
      {items.length === 0 ? (
        <Text c="dimmed" size="sm">
          {QUOTABLE_STAGES.includes(o.stage) || o.stage === 'won' || o.stage === 'lost' ? t('crm.quotes.none') : t('crm.quotes.notYet')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={320}>
          <Table>
            <Table.Tbody>
              {items.map((q) => (
                <Table.Tr key={q.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/quotes/${q.id}`}>
                      {q.version_number}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <QuoteStateBadge state={q.state} />
                  </Table.Td>
                  <Table.Td ta="right">{formatMoney(q.total, q.currency, i18n.language)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
