/**
 * The order page's "Facturar orden" button (office roles): makes an invoice
 * draft from the order — its service value and the parts shown to the
 * customer — and opens it, where the office reviews and issues it.
 */
import { Button } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { invoiceFromOrder } from '../../api/billing';

export function InvoiceOrderButton({ orderId }: { orderId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const create = useMutation({
    mutationFn: () => invoiceFromOrder(orderId),
    onSuccess: (d) => navigate(`/billing/invoices/${d.invoice.id}`),
  });
  return (
    <Button variant="default" onClick={() => create.mutate()} loading={create.isPending} color={create.error ? 'red' : undefined}>
      {t('billing.invoice.fromOrder')}
    </Button>
  );
}
