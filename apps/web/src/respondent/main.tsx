import 'survey-core/survey-core.fontless.min.css'
import '../styles/base.css'
import './respondent.css'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { applyDocumentLang } from '../i18n'
import { RespondentApp, tokenFromPath } from './RespondentApp'

applyDocumentLang('respondent.title')

const root = document.getElementById('root')
if (root) {
  createRoot(root).render(
    <StrictMode>
      <RespondentApp token={tokenFromPath(window.location.pathname)} />
    </StrictMode>,
  )
}
