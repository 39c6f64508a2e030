import { useEffect, type RefObject } from 'react'
import { t } from '../../i18n'

let focusPending = false

/** Called on every change of screen (a link, back or forward): the next screen takes the focus. */
export function requestHeadingFocus(): void {
  focusPending = true
}

/**
 * Names the screen in the tab's title and, after a change of screen, moves the focus to its
 * heading: a screen-reader user hears where they arrived, a keyboard user starts from there
 * (the heading needs `tabIndex={-1}`).
 */
export function usePageHeading(heading: RefObject<HTMLElement | null>, title: string | null): void {
  useEffect(() => {
    if (title === null) return
    document.title = `${title} — ${t('admin.title')} — ${t('app.name')}`
    if (focusPending && heading.current) {
      focusPending = false
      heading.current.focus()
    }
  }, [heading, title])
}
