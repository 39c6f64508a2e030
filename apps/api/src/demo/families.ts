/** The network's default taxonomy of families (shared/domain/indicators.md), seeded into new waves. */
export const defaultFamilies = [
  { key: 'insertion', labelFr: 'Insertion & formation numérique', labelEn: 'Work integration & digital training' },
  { key: 'reemploi', labelFr: 'Économie circulaire : réemploi & reconditionnement', labelEn: 'Circular economy: reuse & refurbishing' },
  { key: 'inclusion', labelFr: 'Éducation populaire & inclusion numérique', labelEn: 'Popular education & digital inclusion' },
  { key: 'communs', labelFr: 'Communs numériques & open data', labelEn: 'Digital commons & open data' },
  { key: 'plateformes', labelFr: 'Plateformes coopératives', labelEn: 'Cooperative platforms' },
  { key: 'mesure', labelFr: 'Outils de mesure & numérique responsable', labelEn: 'Measurement tools & responsible digital' },
] as const
