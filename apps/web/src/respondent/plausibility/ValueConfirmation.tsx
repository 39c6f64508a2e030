import type { Question } from 'survey-core'
import { getLang, t } from '../../i18n'
import { declaresWarning, isConfirmed, surveyChecks, warningsOf } from './field-checks'

/**
 * Under a question whose value the questionnaire finds unusual (a warning shown at the field, and
 * no error): "Je confirme cette valeur". Confirmed, the warning goes and a short line says so, for
 * the person and for colleagues on other devices; another value needs a confirmation of its own.
 */
export function ValueConfirmation({ question }: { question: Question }) {
  const checks = surveyChecks.of(question)
  if (!checks || question.parentQuestion || question.isReadOnly || !declaresWarning(question)) return null
  const visible = question.errors.filter((error) => error.visible)
  const warned = visible.some((error) => error.isWarning) && !visible.some((error) => error.isError)
  if (warned) {
    return (
      // Sonde's words inside the questionnaire's tree: in the interface's language.
      <div className="value-check" lang={getLang()}>
        <button
          type="button"
          className="button button--secondary"
          aria-describedby={`${question.renderedId}_errors`}
          onClick={() => {
            checks.confirm(question)
            // The button goes with the warning: the focus goes back to the answer.
            requestAnimationFrame(() => question.focus())
          }}
        >
          {t('respondent.warning.confirm')}
        </button>
      </div>
    )
  }
  if (isConfirmed(question) && warningsOf(question).length > 0) {
    return (
      <p className="value-check value-check--confirmed" lang={getLang()} role="status">
        {t('respondent.warning.confirmed')}
      </p>
    )
  }
  return null
}
