import './designer.css'
import { useEffect, useRef, useState } from 'react'
import { t } from '../../i18n'
import { DesignerTree, nodeLabel, type TreeAction } from './DesignerTree'
import { KIND_LABELS } from './kinds'
import {
  addElement,
  addPage,
  duplicateNode,
  ELEMENT_KINDS,
  moveDown,
  moveIntoPanelAbove,
  moveNode,
  moveOutOfPanel,
  moveUp,
  removeNode,
  updateNode,
  type ElementKind,
  type Placed,
} from './model/operations'
import { isPanel, nodeAt, pagesOf, pathKey, type Definition, type NodePath, type PlacedProblem, type Slot } from './model/tree'
import { NodeEditor } from './NodeEditor'
import { NodeProblems } from './NodeProblems'

interface DesignerProps {
  definition: Definition
  onChange(definition: Definition): void
  /** The selected node (`[]`: the questionnaire itself); the panel keeps it to preview its page. */
  selected: NodePath
  onSelect(path: NodePath): void
  /** An opened wave: only texts may change (the server refuses the rest). */
  textsOnly: boolean
  /** Names that must not change: questions that already exist in a wave that has opened. */
  lockedNames: ReadonlySet<string>
  /** Names of the last saved version: answers, indicators and rules may use them, so they no longer follow their title. */
  savedNames: ReadonlySet<string>
  /** The lint's findings by node, or `null` while the current definition has not been checked. */
  problems: Map<string, PlacedProblem[]> | null
}

/** Where a new element goes: after the selected question, at the end of the selected page or panel. */
function slotForNew(definition: Definition, selected: NodePath): Partial<Slot> | undefined {
  if (selected.length === 0) return undefined
  const node = nodeAt(definition, selected)
  if (!node) return undefined
  if (selected.length === 1 || isPanel(node)) return { parent: selected }
  return { parent: selected.slice(0, -1), index: selected[selected.length - 1]! + 1 }
}

/** Where a step of the outline took a node, said in words for the status line. */
function describePlace(definition: Definition, path: NodePath): string {
  if (path.length === 1) return t('admin.designer.place.page', { page: path[0]! + 1 })
  const page = t('admin.designer.place.page', { page: path[0]! + 1 })
  const position = t('admin.designer.place.position', { position: path[path.length - 1]! + 1 })
  if (path.length === 2) return `${page}, ${position}`
  const panel = nodeAt(definition, path.slice(0, -1))
  return `${page}, ${t('admin.designer.place.inPanel', { panel: panel ? nodeLabel(panel) : '' })}, ${position}`
}

/**
 * Sonde's questionnaire designer: the outline of pages, panels and questions on one side, the
 * selected node's form on the other, and buttons to add each kind of element. Every change makes
 * a new definition (`onChange`); the panel around it keeps the JSON, the preview and the lint.
 */
export function Designer({ definition, onChange, selected, onSelect, textsOnly, lockedNames, savedNames, problems }: DesignerProps) {
  const [announcement, setAnnouncement] = useState('')
  const [undo, setUndo] = useState<{ definition: Definition; selected: NodePath; label: string } | null>(null)
  const [focusKey, setFocusKey] = useState<string | null>(null)
  const tree = useRef<HTMLDivElement>(null)

  // The node just added or moved keeps the focus (or gets it), wherever it went.
  useEffect(() => {
    if (focusKey === null) return
    tree.current?.querySelector<HTMLButtonElement>(`button.designer-node[data-path="${focusKey}"]`)?.focus()
    setFocusKey(null)
  }, [focusKey, definition])

  const place = (placed: Placed, message: string) => {
    onChange(placed.definition)
    onSelect(placed.path)
    setFocusKey(pathKey(placed.path))
    setAnnouncement(message)
  }

  const add = (kind: ElementKind | 'page') => {
    setUndo(null)
    if (kind === 'page') {
      const placed = addPage(definition, selected.length > 0 ? selected[0] : undefined)
      place(placed, t('admin.designer.added', { kind: t('admin.designer.kind.page'), place: describePlace(placed.definition, placed.path) }))
      return
    }
    const placed = addElement(definition, kind, slotForNew(definition, selected))
    place(placed, t('admin.designer.added', { kind: t(KIND_LABELS[kind]), place: describePlace(placed.definition, placed.path) }))
  }

  const act = (path: NodePath, action: TreeAction) => {
    if (path.length === 0 || textsOnly) return
    const node = nodeAt(definition, path)
    if (!node) return
    const label = nodeLabel(node)
    if (action === 'delete') {
      setUndo({ definition, selected, label })
      onChange(removeNode(definition, path))
      const fallback = path[path.length - 1]! > 0 ? [...path.slice(0, -1), path[path.length - 1]! - 1] : path.slice(0, -1)
      onSelect(fallback)
      setFocusKey(pathKey(fallback))
      setAnnouncement(t('admin.designer.deleted', { label }))
      return
    }
    setUndo(null)
    const moves: Record<Exclude<TreeAction, 'delete'>, (d: Definition, p: NodePath) => Placed | null> = {
      up: moveUp,
      down: moveDown,
      in: moveIntoPanelAbove,
      out: moveOutOfPanel,
      duplicate: duplicateNode,
    }
    const placed = moves[action](definition, path)
    if (!placed) {
      setAnnouncement(t('admin.designer.cannotMove', { label }))
      return
    }
    place(
      placed,
      action === 'duplicate'
        ? t('admin.designer.duplicated', { label, place: describePlace(placed.definition, placed.path) })
        : t('admin.designer.moved', { label, place: describePlace(placed.definition, placed.path) }),
    )
  }

  const drop = (from: NodePath, to: Slot) => {
    if (textsOnly) return
    const node = nodeAt(definition, from)
    const placed = moveNode(definition, from, to)
    if (!node || !placed) return
    setUndo(null)
    place(placed, t('admin.designer.moved', { label: nodeLabel(node), place: describePlace(placed.definition, placed.path) }))
  }

  const nodeProblems = problems?.get(pathKey(selected)) ?? []
  // Findings about the questionnaire as a whole, or about a node it no longer has, stay in sight.
  const general = [...(problems ?? [])].flatMap(([key, found]) => (key === '' || nodeAt(definition, key.split('.').map(Number)) === undefined ? found : []))

  return (
    <div className="designer">
      {textsOnly ? null : (
        <div className="designer-add" role="group" aria-label={t('admin.designer.add.group')}>
          <span className="designer-add__label" aria-hidden="true">
            {t('admin.designer.add.label')}
          </span>
          {ELEMENT_KINDS.map((kind) => (
            <button
              key={kind}
              type="button"
              className="button button--secondary button--small"
              aria-label={t('admin.designer.add.kind', { kind: t(KIND_LABELS[kind]) })}
              onClick={() => add(kind)}
            >
              {t(KIND_LABELS[kind])}
            </button>
          ))}
          <button
            type="button"
            className="button button--secondary button--small"
            aria-label={t('admin.designer.add.kind', { kind: t('admin.designer.kind.page') })}
            onClick={() => add('page')}
          >
            {t('admin.designer.kind.page')}
          </button>
        </div>
      )}
      <p role="status" className="designer-status">
        {announcement}
        {undo ? (
          <>
            {' '}
            <button
              type="button"
              className="button button--link button--small"
              onClick={() => {
                onChange(undo.definition)
                onSelect(undo.selected)
                setFocusKey(pathKey(undo.selected))
                setAnnouncement(t('admin.designer.restored', { label: undo.label }))
                setUndo(null)
              }}
            >
              {t('admin.designer.undoDelete')}
            </button>
          </>
        ) : null}
      </p>
      {selected.length === 0 ? null : <NodeProblems problems={general} />}
      <div className="designer__columns">
        <section className="designer__outline" aria-labelledby="designer-outline-title">
          <h3 id="designer-outline-title">{t('admin.designer.outline')}</h3>
          {textsOnly ? null : <p className="field__hint">{t('admin.designer.outlineHint')}</p>}
          <div ref={tree}>
            <DesignerTree
              definition={definition}
              selected={selected}
              onSelect={onSelect}
              onAction={act}
              onDrop={drop}
              problems={problems ?? new Map()}
              textsOnly={textsOnly}
            />
          </div>
        </section>
        <section className="designer__form" aria-labelledby="designer-form-title">
          <h3 id="designer-form-title">{t('admin.designer.form')}</h3>
          {pagesOf(definition).length === 0 && selected.length > 0 ? null : (
            <NodeEditor
              key={pathKey(selected)}
              definition={definition}
              path={selected}
              textsOnly={textsOnly}
              lockedNames={lockedNames}
              savedNames={savedNames}
              problems={nodeProblems}
              onPatch={(patch) => onChange(updateNode(definition, selected, patch))}
            />
          )}
        </section>
      </div>
    </div>
  )
}
