import type { AnswerConflict } from '@sonde/contracts'
import { useContext, type ReactElement } from 'react'
import type { Model, Question } from 'survey-core'
import { ReactElementFactory } from 'survey-react-ui'
import { getLang, t } from '../../i18n'
import { ValueConfirmation } from '../plausibility/ValueConfirmation'
import { ContentText } from '../survey/ContentLang'
import { describeAnswer, questionTitle } from '../survey/describe-answer'
import { ConflictContext } from './conflict-context'

const QUESTION_CONTENT = 'sonde-question-content'

interface QuestionConflictProps {
  survey: Model
  conflict: AnswerConflict
  onKeepMine(): void
  onTakeTheirs(): void
}

/**
 * On the question itself: a colleague saved another answer since this page loaded. Both answers,
 * and the choice between them; nothing is overwritten until the person chooses.
 */
function QuestionConflict({ survey, conflict, onKeepMine, onTakeTheirs }: QuestionConflictProps) {
  const id = `conflict-${conflict.name}`
  return (
    // Sonde's words inside the questionnaire's tree: in the interface's language.
    <section className="conflict" lang={getLang()} aria-labelledby={`${id}-title ${id}-question`}>
      <h3 id={`${id}-title`} className="conflict__title">
        {t('respondent.conflict.title')}
      </h3>
      <p id={`${id}-question`} className="visually-hidden">
        {t('respondent.conflict.question', { question: questionTitle(survey, conflict.name) })}
      </p>
      <dl className="conflict__values">
        <div>
          <dt>{t('respondent.conflict.yours')}</dt>
          <dd>
            <ContentText>{describeAnswer(survey, conflict.name, conflict.yours)}</ContentText>
          </dd>
        </div>
        <div>
          <dt>{t('respondent.conflict.theirs')}</dt>
          <dd>
            <ContentText>{describeAnswer(survey, conflict.name, conflict.theirs)}</ContentText>
          </dd>
        </div>
      </dl>
      <div className="button-row">
        <button type="button" className="button" onClick={onKeepMine}>
          {t('respondent.conflict.keepMine')}
        </button>
        <button type="button" className="button button--secondary" onClick={onTakeTheirs}>
          {t('respondent.conflict.takeTheirs')}
        </button>
      </div>
    </section>
  )
}

/**
 * SurveyJS's question content, with the conflict above the answer field when there is one, and
 * the confirmation of an unusual value below it. The field keeps its place in the tree either way,
 * so that it is never re-created (and never loses the focus) when a conflict or a warning appears
 * while the person is typing in it.
 */
function QuestionContent({ element, question }: { element: ReactElement; question: Question }) {
  const api = useContext(ConflictContext)
  const conflict = question.parentQuestion ? undefined : api?.conflicts.get(question.name)
  const settle = (choose: (name: string) => void) => () => {
    choose(question.name)
    // The buttons disappear with the conflict: give the focus back to the answer.
    requestAnimationFrame(() => question.focus())
  }
  return (
    <>
      {api && conflict ? (
        <QuestionConflict survey={api.survey} conflict={conflict} onKeepMine={settle(api.keepMine)} onTakeTheirs={settle(api.takeTheirs)} />
      ) : null}
      {element}
      <ValueConfirmation question={question} />
    </>
  )
}

ReactElementFactory.Instance.registerElement(QUESTION_CONTENT, (props: { element: ReactElement; question: Question }) => (
  <QuestionContent element={props.element} question={props.question} />
))

/** Makes `survey` render its questions' content through `QuestionContent` (inside a `ConflictContext`). */
export function showConflictsOnQuestions(survey: Model): void {
  survey.onElementWrapperComponentName.add((_, options) => {
    if (options.wrapperName === 'content-component' && options.element?.isQuestion) options.componentName = QUESTION_CONTENT
  })
}
