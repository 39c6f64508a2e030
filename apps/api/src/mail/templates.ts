import { defaultTemplates, elideDeBefore, frenchParisDateTime, frenchSpacing, type MessageKind, type MessageTemplate, type Wave } from '@sonde/contracts'

export const linkPlaceholder = '{{lien}}'

/** The longest organisation name an e-mail shows; longer names end with "…". */
export const ORGANISATION_LINE_MAX = 120

/**
 * An organisation's name as e-mails show it — typed by anyone on the open link, so written as
 * data, never as part of the message: one line (line breaks, tabs and other control characters
 * become spaces); without the invisible and direction-changing format characters that disguise
 * text (Unicode TR36, `\p{Cf}`); without angle brackets (no markup); at most
 * `ORGANISATION_LINE_MAX` characters; and with nothing a mail reader would turn into a link — a
 * dot or an at sign between letters or digits, and `://`, become look-alikes (U+2024, U+FF20,
 * U+2044) that linkifiers do not match.
 */
export function organisationLine(name: string): string {
  const line = name
    .normalize('NFC')
    .replace(/\p{Cf}/gu, '')
    .replace(/[\p{Cc}\p{Zl}\p{Zp}]+/gu, ' ')
    .replace(/[<>]/g, (c) => (c === '<' ? '‹' : '›'))
    .replace(/:\/\//g, ':\u2044\u2044')
    .replace(/(?<=[\p{L}\p{N}])[.．。@＠](?=[\p{L}\p{N}])/gu, (c) => (c === '@' || c === '＠' ? '\uFF20' : '\u2024'))
    .replace(/\s+/g, ' ')
    .trim()
  const characters = [...line]
  return characters.length > ORGANISATION_LINE_MAX
    ? `${characters
        .slice(0, ORGANISATION_LINE_MAX - 1)
        .join('')
        .trimEnd()}…`
    : line
}

/**
 * Fills a template's `{{organisation}}`, `{{vague}}` and `{{date_limite}}`, eliding "de" before a
 * name that begins with a vowel and spacing the template's words the French way (`elideDeBefore`,
 * `frenchSpacing`: staff-written templates too); `{{lien}}` stays until
 * the message is sent, so that no usable link is ever stored in the outbox. The organisation's
 * name goes in as one quoted line (`organisationLine`, between « »): whoever types a name on the
 * open link cannot write the message, add a header or slip a link into it.
 */
export function renderTemplate(template: MessageTemplate, values: { organisation: string; vague: string; closesAt: string | null }): MessageTemplate {
  // In Paris time, as the console and the respondents' page say it: "15 mars 2026 à 23 h 59".
  const deadline = values.closesAt ? `Le questionnaire est ouvert jusqu’au ${frenchParisDateTime(new Date(values.closesAt))} (heure de Paris).` : ''
  const line = organisationLine(values.organisation)
  const organisation = `«\u00A0${line}\u00A0»`
  // The template's own words in French typography, its "de" elided before a name that calls for
  // it ("le questionnaire d’« Open Food France »"); the values go in as they are.
  const french = (text: string) => frenchSpacing(elideDeBefore(elideDeBefore(text, '{{organisation}}', line), '{{vague}}', values.vague))
  const fill = (text: string) =>
    french(text).replaceAll('{{organisation}}', organisation).replaceAll('{{vague}}', values.vague).replaceAll('{{date_limite}}', deadline)
  // A subject is one line: a title with a line break must not add headers.
  return { subject: fill(template.subject).replace(/[\r\n]+/g, ' '), body: fill(template.body) }
}

/** The message of a wave to one organisation: the wave's template of that kind (its default when staff wrote none), filled. */
export function waveMessage(wave: Pick<Wave, 'title' | 'closesAt' | 'settings'>, kind: MessageKind, organisation: string): MessageTemplate {
  const template = wave.settings.templates?.[kind] ?? defaultTemplates[kind]
  return renderTemplate(template, { organisation, vague: wave.title, closesAt: wave.closesAt })
}
