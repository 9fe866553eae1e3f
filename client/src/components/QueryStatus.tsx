/**
 * The loading / error / empty states every list and detail block shows for a
 * TanStack query, written once so pages only say what to show when the data
 * is there:
 *
 *   <QueryStatus query={contacts} isEmpty={(d) => d.length === 0}>
 *     {(data) => <ContactsTable contacts={data} />}
 *   </QueryStatus>
 *
 * - while the query is pending: a Loader labelled `common.loading`;
 * - on error: a red Alert (role "alert") with the translated message from
 *   `useErrorMessage()`;
 * - once data is there: `empty` (default `common.empty`) in dimmed text when
 *   `isEmpty(data)` says so (and the query is not in error), otherwise
 *   `children(data)`. Data kept from an earlier success stays visible next to
 *   the alert of a failed refetch, as the pages did before.
 *
 * The `query` only needs the four fields below, so a query result can be
 * passed as is, or a derived one (e.g. an infinite query's flattened items).
 */
import { Alert, Loader, type MantineSize, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorMessage } from '../i18n/errors';

/** What QueryStatus reads from a query result. */
export interface QueryState<T> {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  data: T | undefined;
}

export interface QueryStatusProps<T> {
  query: QueryState<T>;
  /** What to show once the data is loaded (and not empty). */
  children: (data: T) => ReactNode;
  /** Whether the loaded data counts as empty; without it, data is never empty. */
  isEmpty?: (data: T) => boolean;
  /** The empty text; `common.empty` by default. */
  empty?: string;
  /** The Loader's size (Mantine's default when omitted). */
  loaderSize?: MantineSize;
}

export function QueryStatus<T>({ query, children, isEmpty, empty, loaderSize }: QueryStatusProps<T>) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const { data } = query;
  const dataIsEmpty = data !== undefined && isEmpty !== undefined && isEmpty(data);
  return (
    <>
      {query.isPending && <Loader size={loaderSize} aria-label={t('common.loading')} />}
      {query.isError && (
        <Alert color="red" variant="light" role="alert">
          {errorMessage(query.error)}
        </Alert>
      )}
      {dataIsEmpty && !query.isError && <Text c="dimmed">{empty ?? t('common.empty')}</Text>}
      {data !== undefined && !dataIsEmpty && children(data)}
    </>
  );
}
