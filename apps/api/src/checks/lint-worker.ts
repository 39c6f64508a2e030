import { parentPort } from 'node:worker_threads'
import type { JsonValue } from '@sonde/db'
import type { QuestionnaireJson } from '@sonde/survey'
import { checkQuestionnaireText, questionsOfText } from './check-questionnaire'
import { checkSubmission, VERSIONS_KEPT } from './check-submission'
import type { CheckReply, CheckRequest } from './questionnaire-checker'

// The checks in a thread of their own: linting 2 000 questions with survey-core takes seconds, and
// checking a submission tens of milliseconds, that the event loop, serving everyone else's saves,
// must not wait for.
const port = parentPort!
/** The questionnaire versions this thread was given, by id (versions never change). */
const definitions = new Map<string, QuestionnaireJson>()

port.on('message', (request: CheckRequest) => {
  let reply: CheckReply
  try {
    if (request.kind === 'questionnaire') {
      reply = { id: request.id, kind: 'questionnaire', result: checkQuestionnaireText(request.text) }
    } else if (request.kind === 'questions') {
      reply = { id: request.id, kind: 'questions', result: questionsOfText(request.text) }
    } else {
      let definition = definitions.get(request.questionnaireId)
      if (!definition) {
        if (request.definition === null) throw new Error(`questionnaire ${request.questionnaireId} was never sent to this thread`)
        definition = JSON.parse(request.definition) as QuestionnaireJson
        if (definitions.size >= VERSIONS_KEPT) definitions.delete(definitions.keys().next().value!)
        definitions.set(request.questionnaireId, definition)
      }
      reply = { id: request.id, kind: 'submission', result: checkSubmission(definition, JSON.parse(request.answers) as Record<string, JsonValue>) }
    }
  } catch (error) {
    reply = { id: request.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }
  }
  port.postMessage(reply)
})
