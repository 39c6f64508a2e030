import { MIN_CELL_SIZE_RANGE, P_PERCENT_RANGE } from './rules'
import type { Family } from './respondent'
import type { WaveSettings } from './waves'

// What a new wave starts with, in one place: the network's families, the e-mails and the settings.
// The questionnaire and the indicators a new wave gets are the 2025 ones (`defaultQuestionnaire`
// of @sonde/survey, `defaultIndicators` of @sonde/analysis); the API seeds them all together.

/** The network's taxonomy of families of actors, seeded into every new wave (staff may edit a wave's). */
export const defaultFamilies: readonly Family[] = [
  { key: 'insertion', labelFr: 'Insertion & formation numérique', labelEn: 'Work integration & digital training' },
  { key: 'reemploi', labelFr: 'Économie circulaire : réemploi & reconditionnement', labelEn: 'Circular economy: reuse & refurbishing' },
  { key: 'inclusion', labelFr: 'Éducation populaire & inclusion numérique', labelEn: 'Popular education & digital inclusion' },
  { key: 'communs', labelFr: 'Communs numériques & open data', labelEn: 'Digital commons & open data' },
  { key: 'plateformes', labelFr: 'Plateformes coopératives', labelEn: 'Cooperative platforms' },
  { key: 'mesure', labelFr: 'Outils de mesure & numérique responsable', labelEn: 'Measurement tools & responsible digital' },
]

export type MessageKind = 'invitation' | 'reminder'

/**
 * The French e-mails of a wave until staff write their own (`settings.templates`);
 * `{{organisation}}`, `{{vague}}`, `{{lien}}` and `{{date_limite}}` are filled when a message is written.
 */
export const defaultTemplates: Readonly<Record<MessageKind, { subject: string; body: string }>> = {
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

/**
 * A wave's settings where it says nothing: a wave created without them, and a wave stored before a
 * setting existed, read these values (the templates: `defaultTemplates`).
 */
export const defaultWaveSettings: Readonly<Omit<WaveSettings, 'templates'>> = {
  minCellSize: MIN_CELL_SIZE_RANGE.default,
  pPercent: P_PERCENT_RANGE.default,
  editAfterSubmit: false,
  openLink: false,
  retentionUntil: null,
  resultsPublished: false,
  exportFreeText: false,
  reminderDays: [],
}
