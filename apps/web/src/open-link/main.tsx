import '../styles/base.css'
import './open-link.css'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { applyDocumentLang } from '../i18n'
import { OpenLinkApp, slugFromPath } from './OpenLinkApp'

applyDocumentLang('openLink.title')

const root = document.getElementById('root')
if (root) {
  createRoot(root).render(
    <StrictMode>
      <OpenLinkApp slug={slugFromPath(window.location.pathname)} />
    </StrictMode>,
  )
}
