/** The key a page's address carries as its last segment (`/r/<token>`, `/w/<slug>`), or undefined. */
export function pathKey(pathname: string): string | undefined {
  const segments = pathname.split('/').filter(Boolean)
  return segments.length >= 2 ? decodeURIComponent(segments[segments.length - 1] ?? '') || undefined : undefined
}
