import type { MessageTemplate } from '@sonde/db'

/** Default French messages; staff edit them per wave (settings.templates). */
export const defaultTemplates: Record<'invitation' | 'reminder', MessageTemplate> = {
  invitation: {
    subject: '{{vague}} : le questionnaire de {{organisation}}',
    body: [
      'Bonjour,',
      '',
      '{{organisation}} est invitée à répondre à l’enquête « {{vague}} » du réseau.',
      '',
      'Voici votre lien personnel, à garder pour vous et vos collègues de la structure :',
      '{{lien}}',
      '',
      'Vous pouvez remplir le questionnaire en plusieurs fois et à plusieurs : chaque réponse est enregistrée au fur et à mesure.',
      '{{date_limite}}',
      '',
      'Merci pour votre participation !',
    ].join('\n'),
  },
  reminder: {
    subject: 'Rappel — {{vague}} : le questionnaire de {{organisation}}',
    body: [
      'Bonjour,',
      '',
      'Le questionnaire de {{organisation}} pour l’enquête « {{vague}} » n’est pas encore envoyé.',
      'Vos réponses déjà saisies sont conservées ; vous pouvez reprendre où vous en étiez :',
      '{{lien}}',
      '{{date_limite}}',
      '',
      'Merci !',
    ].join('\n'),
  },
}

export const linkPlaceholder = '{{lien}}'

/**
 * Fills a template's `{{organisation}}`, `{{vague}}` and `{{date_limite}}`; `{{lien}}` stays until
 * the message is sent, so that no usable link is ever stored in the outbox.
 */
export function renderTemplate(
  template: MessageTemplate,
  values: { organisation: string; vague: string; closesAt: Date | null },
): MessageTemplate {
  const deadline = values.closesAt
    ? `Le questionnaire est ouvert jusqu’au ${values.closesAt.toLocaleDateString('fr-FR', { dateStyle: 'long', timeZone: 'Europe/Paris' })}.`
    : ''
  const fill = (text: string) =>
    text
      .replaceAll('{{organisation}}', values.organisation)
      .replaceAll('{{vague}}', values.vague)
      .replaceAll('{{date_limite}}', deadline)
  // A subject is one line: a name with a line break must not add headers.
  return { subject: fill(template.subject).replace(/[\r\n]+/g, ' '), body: fill(template.body) }
}
