import 'survey-core/survey-core.fontless.min.css'
import { useEffect, useMemo } from 'react'
import type { CompletingEvent, Model } from 'survey-core'
import { Survey } from 'survey-react-ui'
import { createSurvey } from '../../survey/create-survey'

/**
 * The questionnaire as respondents will see it (same SurveyJS settings as the respondent page).
 * Loaded on demand: SurveyJS is most of the respondent page's weight and the console needs it
 * only here. Nothing typed in the preview is sent anywhere.
 */
export default function QuestionnairePreview({ definition }: { definition: Record<string, unknown> }) {
  const survey = useMemo(() => createSurvey(definition), [definition])

  useEffect(() => {
    const refuse = (_: Model, options: CompletingEvent) => {
      options.allow = false
    }
    survey.onCompleting.add(refuse)
    return () => survey.onCompleting.remove(refuse)
  }, [survey])

  return <Survey model={survey} />
}
