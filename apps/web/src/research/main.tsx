import '../i18n/staff'
import './research.css'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { SignedInShell } from '../auth/SignedInShell'
import { applyDocumentLang } from '../i18n'
import { ResearchPage } from './ResearchPage'

applyDocumentLang('research.title')

const root = document.getElementById('root')
if (root) {
  createRoot(root).render(
    <StrictMode>
      <SignedInShell subtitleKey="research.title" wide>
        {(user) => <ResearchPage user={user} />}
      </SignedInShell>
    </StrictMode>,
  )
}
