import { t } from '../i18n'

/** A failed load, said plainly. */
export function LoadError({ code }: { code: string }) {
  return (
    <p className="notice notice--error" role="alert">
      {code === 'NETWORK' ? t('common.error.network') : t('common.error.unexpected', { code })}
    </p>
  )
}
