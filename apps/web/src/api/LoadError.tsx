import { errorMessage } from '../i18n'

/** A failed load, said plainly. */
export function LoadError({ code }: { code: string }) {
  return (
    <p className="notice notice--error" role="alert">
      {errorMessage(code)}
    </p>
  )
}
