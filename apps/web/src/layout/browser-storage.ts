/**
 * localStorage / sessionStorage, or undefined where the browser refuses them (some private modes
 * throw on the mere access). Callers treat storage as best effort.
 */
export function localStore(): Storage | undefined {
  try {
    return window.localStorage
  } catch {
    return undefined
  }
}

export function sessionStore(): Storage | undefined {
  try {
    return window.sessionStorage
  } catch {
    return undefined
  }
}
