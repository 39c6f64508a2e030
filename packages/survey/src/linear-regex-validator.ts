import { Helpers, RegexValidator, Serializer, ValidatorResult } from 'survey-core'
import { linearRegex } from './safe-regex'

/**
 * survey-core's regex validator with the test run by Sonde's linear-time engine instead of
 * `new RegExp(…).test`: on the server, an answer checked against any stored pattern — even
 * `^(a+)+$` or `(`, saved before the lint refused them — costs time proportional to its length
 * and never throws. A pattern the engine cannot run (invalid, back references, lookaround) is a
 * rule the server cannot check: it lets the answer pass, as the lint refuses such patterns on save.
 * Otherwise the same outcome as survey-core's own `validate` (an array is tested item by item, then
 * as its text), with a French message when the validator has no `text`.
 */
class LinearRegexValidator extends RegexValidator {
  override validate(value: unknown, name?: string): ValidatorResult {
    if (!this.regex || Helpers.isValueEmpty(value)) return null as unknown as ValidatorResult
    const regex = linearRegex(String(this.regex), this.caseInsensitive === true)
    if (!regex) return null as unknown as ValidatorResult
    const failing = (Array.isArray(value) ? [...value, value] : [value]).find((item) => !regex.test(String(item)))
    return failing === undefined ? (null as unknown as ValidatorResult) : new ValidatorResult(failing, this.createCustomError(name ?? ''))
  }

  // survey-core has no text of its own for this validator: an empty message would hide the error.
  protected override getDefaultErrorText(): string {
    return 'La réponse n’a pas le format attendu.'
  }
}

let installed = false

/** Makes every survey-core model built in this process use `LinearRegexValidator` for `"type": "regex"`. */
export function useLinearRegexValidator(): void {
  if (installed) return
  Serializer.overrideClassCreator('regexvalidator', () => new LinearRegexValidator())
  installed = true
}
