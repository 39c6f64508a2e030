import type { ReactNode } from 'react'
import type { Loaded } from '../../api/use-api'
import { LoadError } from '../../api/LoadError'
import { t } from '../../i18n'

/** What a screen shows while its data comes, if it cannot come, and once it is there. */
export function LoadingOr<T>({ loaded, children }: { loaded: Loaded<T>; children(data: T): ReactNode }) {
  if (loaded.kind === 'loading') return <p role="status">{t('common.loading')}</p>
  if (loaded.kind === 'error') return <LoadError code={loaded.code} />
  return <>{children(loaded.data)}</>
}
