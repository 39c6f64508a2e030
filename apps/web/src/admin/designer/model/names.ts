/** The longest name the designer proposes: names are keys in exports and in R or Python code. */
const NAME_MAX_LENGTH = 60

/**
 * Short French words left out of proposed names, so that « Nom de l’organisation » gives
 * `nom_organisation`: articles, elided forms, prepositions, possessives and the like. They are kept
 * when a title has nothing else.
 */
const STOP_WORDS = new Set(
  'a au aux avec c ce ces cet cette d dans de des du elle en est et il l la le les leur leurs ma mes mon nos notre ou par pour qu que qui sa se ses son sur t ta tes ton un une vos votre y'.split(
    ' ',
  ),
)

/** The words of a text in ASCII lower case: accents removed, anything else a separator. */
function words(text: string): string[] {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '')
}

/** `base`, or `base_2`, `base_3`… whichever is free, within the length limit. */
export function uniqueName(base: string, taken: ReadonlySet<string>, maxLength = NAME_MAX_LENGTH): string {
  if (!taken.has(base)) return base
  for (let n = 2; ; n++) {
    const suffix = `_${n}`
    const candidate = `${base.slice(0, maxLength - suffix.length).replace(/_+$/, '')}${suffix}`
    if (!taken.has(candidate)) return candidate
  }
}

/**
 * A stable name proposed from a French title: ASCII snake_case (accents removed), French stop
 * words left out, cut at a word boundary to 60 characters, starting with a letter (`q_` is put
 * before a leading digit), made unique among `taken` with `_2`, `_3`…; `fallback` when the
 * title has no letter or digit. « Nom de l’organisation » → `nom_organisation`.
 */
export function proposeName(title: string, taken: ReadonlySet<string>, fallback = 'question'): string {
  const all = words(title)
  const kept = all.filter((word) => !STOP_WORDS.has(word))
  let name = ''
  for (const word of kept.length > 0 ? kept : all) {
    const next = name === '' ? word : `${name}_${word}`
    if (next.length > NAME_MAX_LENGTH) {
      if (name === '') name = word.slice(0, NAME_MAX_LENGTH)
      break
    }
    name = next
  }
  if (name === '') name = fallback
  if (/^[0-9]/.test(name)) name = `q_${name}`.slice(0, NAME_MAX_LENGTH).replace(/_+$/, '')
  return uniqueName(name, taken)
}
