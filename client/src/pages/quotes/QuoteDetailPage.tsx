/**
 * /quotes/:id — one quote. The office edits (a sent one gets a new
 * version), sends and prints it; the customer approves, rejects or asks for
 * changes. Live: an answer shows here the moment it is given (the office
 * follows `staff:quotes`, everyone the order's room).
 */
import { Alert, Anchor, Button, Group, Loader, Stack } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { quotePdfUrl, useAnswerQuote, useQuote, useSendQuote } from '../../api/quotes';
import { useCurrentUser } from '../../components/RequireAuth';
import { AnswerPanel, QuoteView } from '../../components/quotes/QuoteView';
import { useQuotesLive } from '../../components/quotes/useQuotesLive';
import { useErrorMessage } from '../../i18n/errors';

export function QuoteDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const user = useCurrentUser();
  const errorMessage = useErrorMessage();
  const quote = useQuote(id);
  useDocumentTitle(quote.data ? `${quote.data.quote.version_number} · ${t('app.name')}` : t('quotes.title'));
  useQuotesLive(user.role, quote.data?.quote.order_id);
  const send = useSendQuote(id);
  const answer = useAnswerQuote(id);
  if (quote.isPending) return <Loader aria-label={t('common.loading')} />;
  if (quote.isError)
    return (
      <Alert color="red" role="alert">
        {errorMessage(quote.error)}
      </Alert>
    );
  const d = quote.data;
  const isDraft = d.quote.state === 'draft';
  return (
    <Stack maw={960}>
      <Anchor component={Link} to="/quotes" size="sm">
        ← {t('quotes.back')}
      </Anchor>
      <QuoteView detail={d} />
      <Group wrap="wrap">
        <Button component="a" href={quotePdfUrl(d.quote.id, d.quote.version)} target="_blank" variant="default">
          {t('quotes.pdf')}
        </Button>
        {d.can_edit && (
          <Button component={Link} to={`/quotes/${d.quote.id}/edit`} variant="light">
            {isDraft ? t('quotes.edit') : t('quotes.newVersion')}
          </Button>
        )}
        {d.can_edit && isDraft && (
          <Button
            loading={send.isPending}
            onClick={() =>
              send.mutate(undefined, {
                onSuccess: () => notifications.show({ color: 'green', message: t('quotes.sentOk') }),
              })
            }
          >
            {t('quotes.send')}
          </Button>
        )}
      </Group>
      {send.isError && (
        <Alert color="red" role="alert">
          {errorMessage(send.error)}
        </Alert>
      )}
      {d.can_answer && (
        <AnswerPanel
          pending={answer.isPending}
          error={answer.error}
          onAnswer={(a, comment) => answer.mutate({ answer: a, comment })}
        />
      )}
      {answer.isSuccess && (
        <Alert color="green" role="status">
          {t('quotes.thanks')}
        </Alert>
      )}
    </Stack>
  );
}
