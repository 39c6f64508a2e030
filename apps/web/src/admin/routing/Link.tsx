import type { AnchorHTMLAttributes, MouseEvent } from 'react'
import { navigate, routePath, type Route } from './routes'

type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & { to: Route }

/** A real link (it can be opened in a new tab, copied, read out as a link) that changes screen in place. */
export function Link({ to, onClick, ...props }: LinkProps) {
  const path = routePath(to)
  function follow(event: MouseEvent<HTMLAnchorElement>) {
    onClick?.(event)
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
    event.preventDefault()
    navigate(path)
  }
  return <a {...props} href={`${path}${window.location.search}`} onClick={follow} />
}
