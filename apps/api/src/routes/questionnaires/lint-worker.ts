import { parentPort } from 'node:worker_threads'
import { checkQuestionnaireText } from './check-questionnaire'
import type { CheckReply, CheckRequest } from './questionnaire-checker'

// The questionnaire checks in a thread of their own: linting 2 000 questions with survey-core takes
// seconds that the event loop, serving everyone else, must not wait for.
const port = parentPort!
port.on('message', ({ id, text }: CheckRequest) => {
  let reply: CheckReply
  try {
    reply = { id, ...checkQuestionnaireText(text) }
  } catch (error) {
    reply = { id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }
  }
  port.postMessage(reply)
})
