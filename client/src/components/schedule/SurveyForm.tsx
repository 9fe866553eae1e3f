/**
 * The satisfaction survey's questions: NPS 0–10 ("how likely are you to
 * recommend us"), CSAT 1–5 ("how satisfied are you with this service") and
 * an optional comment. Both scales are real radio groups (Mantine chips over
 * native radio inputs: arrow keys move between options, the legend names the
 * question), used by the portal's pending surveys and the public link page.
 * The form keeps the answers on any error; the caller sends them.
 */
import { Alert, Button, Chip, Group, Stack, Text, Textarea } from '@mantine/core';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CSAT_VALUES, MAX_COMMENT, NPS_VALUES, type SurveyAnswer } from '../../api/surveys';
import { useServerFieldErrors } from './formErrors';

export function SurveyForm({
  onSubmit,
  pending,
  error,
  submitLabel,
}: {
  onSubmit: (answer: SurveyAnswer) => void;
  pending: boolean;
  /** The last failure of the caller's request, shown on the field it names. */
  error: unknown;
  submitLabel?: string;
}) {
  const { t } = useTranslation();
  const uid = useId();
  const [nps, setNps] = useState<string | null>(null);
  const [csat, setCsat] = useState<string | null>(null);
  const [comment, setComment] = useState('');
  const [errors, setErrors] = useState<{ nps?: string; csat?: string }>({});
  const server = useServerFieldErrors(error, ['nps', 'csat', 'comment']);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found: { nps?: string; csat?: string } = {};
    if (nps === null) found.nps = t('surveysArea.validation.npsRequired');
    if (csat === null) found.csat = t('surveysArea.validation.csatRequired');
    setErrors(found);
    if (found.nps || found.csat) return;
    onSubmit({ nps: Number(nps), csat: Number(csat), comment: comment.trim() });
  };

  const npsError = errors.nps ?? server.on('nps');
  const csatError = errors.csat ?? server.on('csat');
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {server.general && (
          <Alert color="red" role="alert">
            {server.general}
          </Alert>
        )}
        <fieldset style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }} aria-describedby={`${uid}-nps-hint`}>
          <Text component="legend" fw={600} mb={6}>
            {t('surveysArea.npsQuestion')}
          </Text>
          <Chip.Group
            multiple={false}
            value={nps}
            onChange={(v) => {
              setNps(v);
              setErrors((e) => ({ ...e, nps: undefined }));
            }}
          >
            <Group gap={6} role="presentation">
              {NPS_VALUES.map((v) => (
                <Chip key={v} value={String(v)} name={`${uid}-nps`} size="sm" variant="outline" icon={<></>}>
                  {v}
                </Chip>
              ))}
            </Group>
          </Chip.Group>
          <Group justify="space-between" mt={4} maw={520}>
            <Text size="xs" c="dimmed" id={`${uid}-nps-hint`}>
              {t('surveysArea.npsHint')}
            </Text>
          </Group>
          {npsError && (
            <Text c="red" size="sm" role="alert">
              {npsError}
            </Text>
          )}
        </fieldset>
        <fieldset style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
          <Text component="legend" fw={600} mb={6}>
            {t('surveysArea.csatQuestion')}
          </Text>
          <Chip.Group
            multiple={false}
            value={csat}
            onChange={(v) => {
              setCsat(v);
              setErrors((e) => ({ ...e, csat: undefined }));
            }}
          >
            <Group gap={6} role="presentation">
              {CSAT_VALUES.map((v) => (
                <Chip key={v} value={String(v)} name={`${uid}-csat`} size="sm" variant="outline">
                  {t(`surveysArea.csat.${v}`)}
                </Chip>
              ))}
            </Group>
          </Chip.Group>
          {csatError && (
            <Text c="red" size="sm" role="alert">
              {csatError}
            </Text>
          )}
        </fieldset>
        <Textarea
          label={t('surveysArea.commentQuestion')}
          value={comment}
          onChange={(e) => setComment(e.currentTarget.value)}
          maxLength={MAX_COMMENT}
          autosize
          minRows={3}
          error={server.on('comment')}
        />
        <Group>
          <Button type="submit" loading={pending}>
            {submitLabel ?? t('surveysArea.send')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
