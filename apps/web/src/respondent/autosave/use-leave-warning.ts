import { useEffect } from 'react'

/**
 * While `unsent` is true, leaving the page (closing the tab, reloading, following a link) asks the
 * browser's confirmation first. The answers would survive in this browser anyway; the warning is
 * for the person who is about to leave for another device, where they would not be.
 */
export function useLeaveWarning(unsent: boolean): void {
  useEffect(() => {
    if (!unsent) return
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault()
      // Older browsers only show the dialog when returnValue is set.
      event.returnValue = ''
    }
    window.addEventListener('beforeunload', warn)
    return () => window.removeEventListener('beforeunload', warn)
  }, [unsent])
}
