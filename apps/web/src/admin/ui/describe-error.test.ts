import '../../i18n/staff'
import { API_ERROR_CODES } from '@sonde/contracts'
import { describe, expect, it } from 'vitest'
import { ApiError } from '../../api/http'
import { describeError } from './describe-error'

// Words that give an English sentence away; none is a French word.
const ENGLISH = /\b(the|is|are|was|were|your|this|please|not|try|again|wrong|found|already)\b/i
// What the API writes in `message`: English, for developers. A page must never show it.
const API_MESSAGE = 'The server says something in English.'

describe('every error of the API, said to staff in French', () => {
  it.each(API_ERROR_CODES.filter((code) => code !== 'IMPORT_INVALID'))('%s reads in French on the staff pages, never as the API’s English message', (code) => {
    const shown = describeError(new ApiError(400, { code, message: API_MESSAGE }))
    expect(shown).not.toContain(API_MESSAGE)
    expect(shown).not.toMatch(ENGLISH)
    expect(shown).not.toContain(code)
  })

  it('shows the reason of a refused member file, which the API writes in French for the person', () => {
    const reason = 'Le fichier est vide : la première ligne doit nommer les colonnes.'
    expect(describeError(new ApiError(400, { code: 'IMPORT_INVALID', message: reason }))).toContain(reason)
  })
})
