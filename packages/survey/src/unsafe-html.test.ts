import { describe, expect, it } from 'vitest'
import { findUnsafeHtml } from './unsafe-html'

describe('findUnsafeHtml', () => {
  it.each([
    ['<p>Bonjour <strong>à tous</strong></p>'],
    ['<a href="https://www.cnil.fr/fr/les-droits-pour-maitriser-vos-donnees-personnelles">vos droits</a>'],
    ['<img src="logo.png" alt="Logo du réseau">'],
    ['Texte brut : 3 < 5 et onze = 11.'],
    ['La conversation (font=, color=) reste du texte.'],
    ['Le langage JavaScript : utile, mais pas ici.'],
  ])('accepts %s', (text) => {
    expect(findUnsafeHtml(text)).toBeNull()
  })

  it.each([
    ['<script>alert(1)</script>', 'balise <script>'],
    ['<SCRIPT src="x.js"></SCRIPT>', 'balise <script>'],
    ['< script>x</script>', 'balise <script>'],
    ['<iframe src="https://example.org"></iframe>', 'contenu embarqué (<iframe>, <object> ou <embed>)'],
    ['<object data="x.swf"></object>', 'contenu embarqué (<iframe>, <object> ou <embed>)'],
    ['<img src=x onerror=alert(1)>', 'attribut de gestion d’événement (on…=)'],
    ['<div title="a"onmouseover="x()">', 'attribut de gestion d’événement (on…=)'],
    ['<svg/onload=alert(1)>', 'attribut de gestion d’événement (on…=)'],
    ['<a href="javascript:alert(1)">x</a>', 'adresse javascript:'],
    ['<a href="JaVaScRiPt:alert(1)">x</a>', 'adresse javascript:'],
    ['<a href="java\tscript:alert(1)">x</a>', 'adresse javascript:'],
    ['<a href="jav&#x61;script&colon;alert(1)">x</a>', 'adresse javascript:'],
    ['<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;x">x</a>', 'adresse javascript:'],
    ['<a href="vbscript:msgbox(1)">x</a>', 'adresse javascript:'],
    ['<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', 'adresse data:text/html'],
    ['[cliquez ici](javascript:alert(1))', 'adresse javascript:'],
  ])('finds the active content in %s', (text, label) => {
    expect(findUnsafeHtml(text)).toBe(label)
  })
})
