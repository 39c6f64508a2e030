import { describe, expect, it } from 'vitest'
import { sanitizeHtml } from './sanitize-html'
import { sanitizeQuestionnaire } from './sanitize-questionnaire'

describe('sanitizeHtml (allow-list, on save)', () => {
  it.each<[string, string, string]>([
    ['<p>Bonjour <strong>vous</strong></p>', '<p>Bonjour <strong>vous</strong></p>', 'allowed markup'],
    ['<p>Bonjour</p><script>alert(1)</script>', '<p>Bonjour</p>', 'a script, with its content'],
    ['<SCRIPT src="x.js"></SCRIPT>fin', 'fin', 'an upper-case script'],
    ['<img src=x onerror=alert(1)>texte', 'texte', 'an image'],
    ['<p onclick="alert(1)" style="color:red" class="x">a</p>', '<p>a</p>', 'event, style and class attributes'],
    ['<a href="javascript:alert(1)">x</a>', '<a>x</a>', 'a javascript: link'],
    ['<a href="jav&#x61;script&colon;x()">x</a>', '<a>x</a>', 'an encoded javascript: link'],
    ['<a href="java\tscript:alert(1)">x</a>', '<a>x</a>', 'a javascript: link with a tab'],
    ['<a href="data:text/html,<script>alert(1)</script>">x</a>', '<a>x</a>', 'a data: link'],
    ['<a href="https://cnil.fr/" title="CNIL">CNIL</a>', '<a href="https://cnil.fr/" title="CNIL" rel="noopener noreferrer">CNIL</a>', 'an https link'],
    ['<iframe src="https://example.org"></iframe>après', 'après', 'an iframe'],
    ['<svg><script>alert(1)</script></svg>ok', 'ok', 'an svg with a script'],
    ['<h1>Titre</h1><section>Texte</section>', 'TitreTexte', 'unknown elements, unwrapped, their text kept'],
    ['<!-- note --><p>a</p>', '<p>a</p>', 'a comment'],
    ['<td colspan="2" rowspan="x">a</td>', '<td colspan="2">a</td>', 'a non-numeric rowspan'],
    ['<th scope="col" onmouseover="x()">A</th>', '<th scope="col">A</th>', 'an event on a header cell'],
    ['<p title="x">"guillemets" & <b>gras</b></p>', '<p>"guillemets" &amp; <b>gras</b></p>', 'text re-escaped, title dropped off a paragraph'],
    [
      '<a href="https://x.org/?a=1&amp;b=&quot;2&quot;">x</a>',
      '<a href="https://x.org/?a=1&amp;b=%222%22" rel="noopener noreferrer">x</a>',
      'attribute values escaped',
    ],
    ['<p>{nom_organisation} &lt;b&gt;</p>', '<p>{nom_organisation} &lt;b&gt;</p>', 'piping and escaped text as they were'],
    ['<p>a<br>b<br/>c</p>', '<p>a<br>b<br>c</p>', 'line breaks'],
    ['<style>p{}</style><textarea><p>x</p></textarea>y', 'y', 'style and form content'],
  ])('%s → %s (%s)', (input, expected) => {
    expect(sanitizeHtml(input).html).toBe(expected)
  })

  it('says what it removed, each once, in French', () => {
    const { removed, markup } = sanitizeHtml('<p onclick="a()" onclick="b()">x</p><script>1</script><script>2</script><img onerror=x>')
    expect(markup).toBe(true)
    expect(removed).toEqual(['attribut onclick', '<script>', '<img>'])
  })

  it('leaves text alone and says so', () => {
    expect(sanitizeHtml('Si x < 3 et y > 2')).toEqual({ html: 'Si x &lt; 3 et y &gt; 2', removed: [], markup: false })
  })

  it('never lets a tag out of what the parser saw as text, whatever the input', () => {
    const pieces = ['<', '>', '/', '"', "'", '=', 'a', 'script', 'img', ' ', 'on', 'x', '!--', '&lt;', '&#60;', 'p', 'href', 'javascript:', '\n']
    let seed = 42
    const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff
    for (let i = 0; i < 3000; i++) {
      let input = ''
      for (let j = 0; j < 20; j++) input += pieces[Math.floor(random() * pieces.length)]
      const { html } = sanitizeHtml(input)
      for (const [, tag, attributes] of html.matchAll(/<\/?([a-z0-9]+)([^>]*)>/g)) {
        expect(['a', 'p'], `${input} → ${html}`).toContain(tag)
        expect(attributes!, `${input} → ${html}`).toMatch(/^(?: (?:href|rel)="[^"<>]*")*$/)
      }
      expect(html).not.toMatch(/<(?![a-z/])/)
    }
  })
})

describe('sanitizeQuestionnaire', () => {
  const questionnaire = {
    title: { default: 'Enquête <script>alert(1)</script>', en: 'Survey <img src=x onerror=alert(2)>' },
    completedHtml: '<p>Merci</p><iframe src="https://evil.example"></iframe>',
    pages: [
      {
        name: 'p1',
        description: 'Si x < 3, alors <em>rien</em>.',
        elements: [
          { type: 'html', name: 'notice', html: '<p onclick="x()">Lisez <a href="javascript:alert(1)">ceci</a></p>' },
          { type: 'text', name: 'a', title: 'Montant < 3 ?', visibleIf: '{b} < 3' },
          { type: 'radiogroup', name: 'b', title: 'B', choices: [{ value: 'x', text: '<b>X</b><script>1</script>' }, 'y'] },
        ],
      },
    ],
  }

  it('cleans every text, in every locale, and leaves names, values and expressions alone', () => {
    const { definition, changes } = sanitizeQuestionnaire(questionnaire)
    expect(definition).toEqual({
      title: { default: 'Enquête ', en: 'Survey ' },
      completedHtml: '<p>Merci</p>',
      pages: [
        {
          name: 'p1',
          description: 'Si x &lt; 3, alors <em>rien</em>.',
          elements: [
            { type: 'html', name: 'notice', html: '<p>Lisez <a>ceci</a></p>' },
            { type: 'text', name: 'a', title: 'Montant < 3 ?', visibleIf: '{b} < 3' },
            { type: 'radiogroup', name: 'b', title: 'B', choices: [{ value: 'x', text: '<b>X</b>' }, 'y'] },
          ],
        },
      ],
    })
    expect(changes).toEqual([
      { path: 'title.default', removed: ['<script>'] },
      { path: 'title.en', removed: ['<img>'] },
      { path: 'completedHtml', removed: ['<iframe>'] },
      { path: 'pages[0].elements[0].html', removed: ['attribut onclick', 'attribut href de <a>'] },
      { path: 'pages[0].elements[2].choices[0].text', removed: ['<script>'] },
    ])
    expect(questionnaire.completedHtml).toContain('<iframe')
  })

  it('returns a clean questionnaire unchanged', () => {
    const clean = sanitizeQuestionnaire(questionnaire).definition
    expect(sanitizeQuestionnaire(clean)).toEqual({ definition: clean, changes: [] })
  })
})
