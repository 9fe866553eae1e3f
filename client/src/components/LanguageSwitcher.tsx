/** ES/EN toggle; the choice is persisted by the i18n module. */
import { SegmentedControl, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, isLanguage, setLanguage } from '../i18n';

export function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  const current = isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'es';
  return (
    <SegmentedControl
      size="xs"
      role="radiogroup"
      aria-label={t('language.label')}
      value={current}
      onChange={(value) => {
        if (isLanguage(value)) void setLanguage(value);
      }}
      data={LANGUAGES.map((lng) => ({
        value: lng,
        label: (
          <>
            <span aria-hidden="true">{lng.toUpperCase()}</span>
            <VisuallyHidden>{t(`language.${lng}`)}</VisuallyHidden>
          </>
        ),
      }))}
    />
  );
}
