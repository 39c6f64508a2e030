import { useId } from 'react'
import { t } from '../../i18n'
import { CHOICE_KEYS, FIELD_KEYS } from './model/choices'
import { ELEMENT_KINDS, INPUT_TYPES, isPlaceholderName, kindOf, proposeNameFor, type ElementKind } from './model/operations'
import { textIn, type Localised } from './model/texts'
import { isPanel, listQuestions, nodeAt, walkNodes, type Definition, type ElementJson, type NodePath, type PlacedProblem } from './model/tree'
import type { TitleOf } from './model/rules'
import { CheckField, ItemsField, NumberField, TextPair } from './fields'
import { KIND_LABELS } from './kinds'
import { NodeProblems } from './NodeProblems'
import { RulesEditor } from './RulesEditor'
import { VisibilityBuilder } from './VisibilityBuilder'

const INTEGER_MESSAGE: Localised = { default: 'Saisissez un nombre entier.', en: 'Enter a whole number.' }

/** The kinds a question can be turned into (a panel or an HTML block stays what it is). */
const QUESTION_KINDS = ELEMENT_KINDS.filter((kind) => kind !== 'panel' && kind !== 'html')

/** What a change of kind sets: the type, the input type of a text question, an empty list where the new kind needs one. */
function kindPatch(element: ElementJson, kind: ElementKind): Record<string, unknown> {
  const input = INPUT_TYPES[kind]
  const type = input || kind === 'text' ? 'text' : kind
  const patch: Record<string, unknown> = { type, inputType: input }
  if (['radiogroup', 'checkbox', 'dropdown'].includes(kind) && !Array.isArray(element.choices)) patch.choices = []
  if (kind === 'matrix') Object.assign(patch, { rows: element.rows ?? [], columns: element.columns ?? [] })
  if (kind === 'multipletext' && !Array.isArray(element.items)) patch.items = []
  return patch
}

/**
 * The form of the selected node — the questionnaire itself, a page, a panel or a question: its
 * texts in French and English, its name, and (unless only texts may change) its kind, required,
 * choices, bounds, visibility and rules. Every change is applied at once.
 */
export function NodeEditor({
  definition,
  path,
  onPatch,
  textsOnly,
  lockedNames,
  savedNames,
  problems,
}: {
  definition: Definition
  path: NodePath
  onPatch(patch: Record<string, unknown>): void
  textsOnly: boolean
  lockedNames: ReadonlySet<string>
  savedNames: ReadonlySet<string>
  problems: PlacedProblem[]
}) {
  const id = useId()
  if (path.length === 0) {
    return (
      <div className="designer-editor">
        <h4>{t('admin.designer.editor.survey')}</h4>
        <NodeProblems problems={problems} />
        <TextPair label={t('admin.designer.field.surveyTitle')} value={definition.title} onChange={(title) => onPatch({ title })} />
        <TextPair label={t('admin.designer.field.description')} value={definition.description} multiline onChange={(description) => onPatch({ description })} />
      </div>
    )
  }
  const node = nodeAt(definition, path)
  if (!node) return null
  const isPage = path.length === 1
  const element = node as ElementJson
  const kind = isPage ? undefined : kindOf(element)
  const questions = listQuestions(definition)
  const others = questions.filter((question) => question.name !== node.name)
  const nameLocked = textsOnly || lockedNames.has(node.name)
  const titleOf: TitleOf = (name) => {
    const found = questions.find((question) => question.name === name)
    const element = found ? walkNodes(definition).find((entry) => entry.path.length > 1 && entry.node.name === name)?.node : undefined
    return { fr: found?.title ?? name, en: textIn(element?.title, 'en') }
  }

  const setTitle = (title: Localised | undefined) => {
    const patch: Record<string, unknown> = { title }
    // The name follows the title while it is the one the designer proposed, and only until it is saved: a saved
    // name may be used by indicators and rules, so rewording a title never renames the question behind it.
    const proposedBefore = proposeNameFor(definition, path, textIn(node.title, 'fr'))
    if (!nameLocked && !savedNames.has(node.name) && (isPlaceholderName(node.name) || node.name === proposedBefore)) {
      const french = textIn(title, 'fr')
      if (french.trim() !== '') patch.name = proposeNameFor(definition, path, french)
    }
    onPatch(patch)
  }

  const heading = isPage ? t('admin.designer.editor.page') : kind ? t(KIND_LABELS[kind]) : element.type
  const isQuestion = !isPage && !isPanel(node) && element.type !== 'html'
  const isNumber = element.type === 'text' && element.inputType === 'number'

  return (
    <div className="designer-editor">
      <h4>{t('admin.designer.editor.heading', { kind: heading, name: node.name })}</h4>
      <NodeProblems problems={problems} />
      {!isPage && kind && kind !== 'panel' && kind !== 'html' ? (
        <div className="field">
          <label htmlFor={`${id}-kind`}>{t('admin.designer.field.kind')}</label>
          <select id={`${id}-kind`} value={kind} disabled={textsOnly} onChange={(event) => onPatch(kindPatch(element, event.target.value as ElementKind))}>
            {QUESTION_KINDS.map((candidate) => (
              <option key={candidate} value={candidate}>
                {t(KIND_LABELS[candidate])}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {element.type === 'html' ? (
        <TextPair
          label={t('admin.designer.field.html')}
          value={element.html}
          multiline
          hint={t('admin.designer.field.htmlHint')}
          onChange={(html) => onPatch({ html: html ?? '' })}
        />
      ) : (
        <TextPair label={t('admin.designer.field.title')} value={node.title} onChange={setTitle} />
      )}
      <div className="field">
        <label htmlFor={`${id}-name`}>{t('admin.designer.field.name')}</label>
        <input
          id={`${id}-name`}
          type="text"
          className="designer-code"
          spellCheck={false}
          value={node.name}
          readOnly={nameLocked}
          aria-describedby={`${id}-name-hint`}
          onChange={(event) => onPatch({ name: event.target.value })}
        />
        <p id={`${id}-name-hint`} className="field__hint">
          {nameLocked ? t('admin.designer.field.nameLocked') : t('admin.designer.field.nameHint')}
        </p>
      </div>
      {element.type === 'html' ? null : (
        <TextPair
          label={t('admin.designer.field.description')}
          value={node.description}
          multiline
          hint={t('admin.designer.field.descriptionHint')}
          onChange={(description) => onPatch({ description })}
        />
      )}
      {isQuestion ? (
        <CheckField
          label={t('admin.designer.field.required')}
          checked={element.isRequired === true}
          disabled={textsOnly}
          onChange={(checked) => onPatch({ isRequired: checked ? true : undefined })}
        />
      ) : null}
      {isNumber ? (
        <CheckField
          label={t('admin.designer.field.integer')}
          checked={element.step === 1}
          disabled={textsOnly}
          onChange={(checked) =>
            onPatch(checked ? { step: 1, stepErrorText: element.stepErrorText ?? INTEGER_MESSAGE } : { step: undefined, stepErrorText: undefined })
          }
        />
      ) : null}
      {isNumber && !textsOnly ? (
        // The number box's own bounds (SurveyJS `min` / `max`): the browser and the server refuse a number outside them.
        <div className="designer-inline">
          <NumberField
            label={t('admin.designer.field.inputMin')}
            value={typeof element.min === 'number' ? element.min : null}
            onChange={(min) => onPatch({ min: min ?? undefined })}
          />
          <NumberField
            label={t('admin.designer.field.inputMax')}
            value={typeof element.max === 'number' ? element.max : null}
            onChange={(max) => onPatch({ max: max ?? undefined })}
          />
        </div>
      ) : null}
      {(element.type === 'text' && !isNumber) || element.type === 'comment' ? (
        <NumberField
          label={t('admin.designer.field.maxLength')}
          value={typeof element.maxLength === 'number' ? element.maxLength : null}
          onChange={(maxLength) => onPatch({ maxLength: maxLength ?? undefined })}
        />
      ) : null}
      {element.type === 'rating' ? (
        <div className="designer-inline">
          <NumberField
            label={t('admin.designer.field.rateMin')}
            value={typeof element.rateMin === 'number' ? element.rateMin : null}
            onChange={(rateMin) => onPatch({ rateMin: rateMin ?? undefined })}
          />
          <NumberField
            label={t('admin.designer.field.rateMax')}
            value={typeof element.rateMax === 'number' ? element.rateMax : null}
            onChange={(rateMax) => onPatch({ rateMax: rateMax ?? undefined })}
          />
        </div>
      ) : null}
      {['radiogroup', 'checkbox', 'dropdown'].includes(element.type) ? (
        <ItemsField
          label={t('admin.designer.field.choices')}
          items={asList(element.choices)}
          keys={CHOICE_KEYS}
          codesLocked={textsOnly}
          onChange={(choices) => onPatch({ choices })}
        />
      ) : null}
      {element.type === 'matrix' ? (
        <>
          <ItemsField
            label={t('admin.designer.field.rows')}
            items={asList(element.rows)}
            keys={CHOICE_KEYS}
            codesLocked={textsOnly}
            onChange={(rows) => onPatch({ rows })}
          />
          <ItemsField
            label={t('admin.designer.field.columns')}
            items={asList(element.columns)}
            keys={CHOICE_KEYS}
            codesLocked={textsOnly}
            onChange={(columns) => onPatch({ columns })}
          />
        </>
      ) : null}
      {element.type === 'multipletext' ? (
        <ItemsField
          label={t('admin.designer.field.items')}
          items={asList(element.items)}
          keys={FIELD_KEYS}
          codesLocked={textsOnly}
          onChange={(items) => onPatch({ items })}
        />
      ) : null}
      <VisibilityBuilder
        expression={typeof node.visibleIf === 'string' ? node.visibleIf : ''}
        questions={others}
        disabled={textsOnly}
        onChange={(visibleIf) => onPatch({ visibleIf })}
      />
      {isQuestion ? (
        <RulesEditor
          self={node.name}
          validators={asList(element.validators) as Record<string, unknown>[]}
          questions={questions}
          titleOf={titleOf}
          textsOnly={textsOnly}
          onChange={(validators) => onPatch({ validators })}
        />
      ) : null}
    </div>
  )
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : []
}
