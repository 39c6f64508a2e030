import '../i18n/staff'
import './admin.css'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { SignedInShell } from '../auth/SignedInShell'
import { applyDocumentLang } from '../i18n'
import { AdminApp } from './AdminApp'

applyDocumentLang('admin.title')

const root = document.getElementById('root')
if (root) {
  createRoot(root).render(
    <StrictMode>
      <SignedInShell subtitleKey="admin.title" wide>
        {(user) => <AdminApp user={user} />}
      </SignedInShell>
    </StrictMode>,
  )
}
