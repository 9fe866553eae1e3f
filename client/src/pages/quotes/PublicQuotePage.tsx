/**
 * /q/:token — the signed link of the quote e-mail: the customer sees the
 * quote they were sent and answers without a password (360 px first).
 */
import { Alert, Button, Container, Loader, Stack } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { publicQuotePdfUrl, useAnswerQuote, usePublicQuote } from '../../api/quotes';
import { AnswerPanel, QuoteView } from '../../components/quotes/QuoteView';
import { useErrorMessage } from '../../i18n/errors';

export function PublicQuotePage() {
  const { token = '' } = useParams();
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const quote = usePublicQuote(token);
  const answer = useAnswerQuote(quote.data?.quote.id, token);
  useDocumentTitle(quote.data ? quote.data.quote.version_number : t('quotes.title'));
  return (
    <Container size="md" py="md" px="xs">
      {quote.isPending && <Loader aria-label={t('common.loading')} />}
      {quote.isError && (
        <Alert color="red" role="alert">
          {errorMessage(quote.error)}
        </Alert>
      )}
      {quote.data && (
        <Stack>
          <QuoteView detail={quote.data} />
          <Button component="a" href={publicQuotePdfUrl(token)} target="_blank" variant="default" fullWidth>
            {t('quotes.pdf')}
          </Button>
          {quote.data.can_answer && (
            <AnswerPanel pending={answer.isPending} error={answer.error} onAnswer={(a, comment) => answer.mutate({ answer: a, comment })} />
          )}
          {answer.isSuccess && (
            <Alert color="green" role="status">
              {t('quotes.thanks')}
            </Alert>
          )}
        </Stack>
      )}
    </Container>
  );
}
