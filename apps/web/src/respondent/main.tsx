import './respondent.css'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { applyDocumentLang } from '../i18n'
import { pathKey } from '../api/path-key'
import { RespondentApp } from './RespondentApp'

applyDocumentLang('respondent.title')

const root = document.getElementById('root')
if (root) {
  createRoot(root).render(
    <StrictMode>
      <RespondentApp token={pathKey(window.location.pathname)} />
    </StrictMode>,
  )
}
