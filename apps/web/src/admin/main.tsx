import '../styles/base.css'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { SignedInShell } from '../auth/SignedInShell'
import { applyDocumentLang } from '../i18n'
import { WaveList } from './waves/WaveList'

applyDocumentLang('admin.title')

const root = document.getElementById('root')
if (root) {
  createRoot(root).render(
    <StrictMode>
      <SignedInShell subtitleKey="admin.title">{() => <WaveList />}</SignedInShell>
    </StrictMode>,
  )
}
