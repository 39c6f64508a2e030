import type { ReactNode } from 'react'
import { getLang, switchLang, t } from '../i18n'

interface PageHeaderProps {
  /** Shown under the name of the application (the wave, the section). */
  subtitle?: string
  /** Right-hand side: the signed-in person, a logout button. */
  actions?: ReactNode
}

/** The banner of every page: the application's name, where we are, and the language switch. */
export function PageHeader({ subtitle, actions }: PageHeaderProps) {
  const other = getLang() === 'fr' ? 'en' : 'fr'
  return (
    <header className="page-header">
      <a className="skip-link" href="#main">
        {t('common.skipToContent')}
      </a>
      <div className="page-header__inner">
        <div>
          <p className="page-header__brand">{t('app.name')}</p>
          {subtitle ? <p className="page-header__subtitle">{subtitle}</p> : null}
        </div>
        <div className="page-header__actions">
          {actions}
          <button type="button" className="button button--link" lang={other} aria-label={t('common.language.switchLabel')} onClick={() => switchLang(other)}>
            {t('common.language.switch')}
          </button>
        </div>
      </div>
    </header>
  )
}
