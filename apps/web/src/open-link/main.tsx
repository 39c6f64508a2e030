import './open-link.css'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { applyDocumentLang } from '../i18n'
import { pathKey } from '../api/path-key'
import { OpenLinkApp } from './OpenLinkApp'

applyDocumentLang('openLink.title')

const root = document.getElementById('root')
if (root) {
  createRoot(root).render(
    <StrictMode>
      <OpenLinkApp slug={pathKey(window.location.pathname)} />
    </StrictMode>,
  )
}
