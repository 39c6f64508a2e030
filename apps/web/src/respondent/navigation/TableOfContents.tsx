import { useEffect, useState } from 'react'
import { t, type MessageKey } from '../../i18n'
import { ContentText } from '../survey/ContentLang'
import type { Outline, PageState } from './outline'

const STATE_TEXT: Record<PageState, MessageKey> = {
  not_started: 'respondent.toc.state.notStarted',
  in_progress: 'respondent.toc.state.inProgress',
  complete: 'respondent.toc.state.complete',
  errors: 'respondent.toc.state.errors',
}

const WIDE = '(min-width: 64rem)'

function useWideScreen(): boolean {
  const [wide, setWide] = useState(() => window.matchMedia(WIDE).matches)
  useEffect(() => {
    const query = window.matchMedia(WIDE)
    const update = () => setWide(query.matches)
    query.addEventListener('change', update)
    return () => query.removeEventListener('change', update)
  }, [])
  return wide
}

interface TableOfContentsProps {
  outline: Outline
  onGoToPage(name: string): void
}

/**
 * Progress (required questions answered) and the pages of the questionnaire with their state; a
 * page is one button away. Open beside the questionnaire on a wide screen, folded above it on a
 * narrow one (where it would push the questions out of sight).
 */
export function TableOfContents({ outline, onGoToPage }: TableOfContentsProps) {
  const wide = useWideScreen()
  const completePages = outline.pages.filter((page) => page.state === 'complete').length
  return (
    <nav className="toc" aria-label={t('respondent.toc.label')}>
      {outline.requiredTotal > 0 ? (
        <>
          <p id="toc-progress" className="toc__progress">
            {t('respondent.toc.progress', { answered: outline.requiredAnswered, total: outline.requiredTotal })}
          </p>
          <progress aria-labelledby="toc-progress" max={outline.requiredTotal} value={outline.requiredAnswered} />
        </>
      ) : null}
      <details open={wide}>
        <summary>{t('respondent.toc.pages', { complete: completePages, total: outline.pages.length })}</summary>
        <ol className="toc__list">
          {outline.pages.map((page) => (
            <li key={page.name}>
              <button
                type="button"
                className={`toc__page toc__page--${page.state}`}
                aria-current={page.current ? 'step' : undefined}
                onClick={() => onGoToPage(page.name)}
              >
                <ContentText>{page.title}</ContentText>
                <span className="toc__state">{t(STATE_TEXT[page.state])}</span>
              </button>
            </li>
          ))}
        </ol>
      </details>
    </nav>
  )
}
