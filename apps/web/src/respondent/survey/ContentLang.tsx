import { createContext, useContext, type ReactNode } from 'react'
import { getLang } from '../../i18n'

/** The language of the questionnaire's texts, which may differ from the interface's (English around French). */
export const ContentLangContext = createContext<string>('fr')

/**
 * A text of the questionnaire inside Sonde's interface (a page title in the table of contents, a
 * question in a list): marked with its language when it is not the interface's, so that a screen
 * reader pronounces it right.
 */
export function ContentText({ children }: { children: ReactNode }) {
  const lang = useContext(ContentLangContext)
  return lang === getLang() ? <>{children}</> : <span lang={lang}>{children}</span>
}
