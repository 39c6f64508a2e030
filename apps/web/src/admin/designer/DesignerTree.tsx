import { useRef, type DragEvent, type KeyboardEvent } from 'react'
import { t } from '../../i18n'
import { KIND_LABELS } from './kinds'
import { kindOf } from './model/operations'
import { textIn } from './model/texts'
import {
  isPanel,
  pagesOf,
  pathKey,
  samePath,
  type Definition,
  type ElementJson,
  type NodePath,
  type PageJson,
  type PlacedProblem,
  type Slot,
} from './model/tree'

export type TreeAction = 'up' | 'down' | 'in' | 'out' | 'duplicate' | 'delete'

interface TreeProps {
  definition: Definition
  selected: NodePath
  onSelect(path: NodePath): void
  onAction(path: NodePath, action: TreeAction): void
  onDrop(from: NodePath, to: Slot): void
  problems: Map<string, PlacedProblem[]>
  textsOnly: boolean
}

const KEY_ACTIONS: Record<string, TreeAction> = { ArrowUp: 'up', ArrowDown: 'down', ArrowRight: 'in', ArrowLeft: 'out' }

/** The name a node is shown by: its French title, or its name when it has none yet. */
export function nodeLabel(node: PageJson | ElementJson): string {
  return (
    textIn(node.title, 'fr') ||
    textIn((node as ElementJson).html, 'fr')
      .replace(/<[^>]*>/g, ' ')
      .trim()
      .slice(0, 60) ||
    node.name
  )
}

/**
 * Pages, panels and questions as nested lists of buttons: a click (or Enter) selects; Alt+↑/↓
 * moves one step (out of a panel, to the previous or next page at the ends), Alt+→ into the panel
 * above, Alt+← out of the panel; ↑/↓ alone go from one node to the next. The buttons beside
 * each node do the same, and nodes can be dragged and dropped (above the middle of a node: before
 * it; below: after it, or into it for a panel or a page).
 */
export function DesignerTree({ definition, selected, onSelect, onAction, onDrop, problems, textsOnly }: TreeProps) {
  const root = useRef<HTMLDivElement>(null)
  const dragged = useRef<NodePath | null>(null)

  const keyDown = (event: KeyboardEvent<HTMLButtonElement>, path: NodePath) => {
    const action = KEY_ACTIONS[event.key]
    if (event.altKey && action && !textsOnly) {
      event.preventDefault()
      onAction(path, action)
    } else if (!event.altKey && (event.key === 'ArrowUp' || event.key === 'ArrowDown')) {
      event.preventDefault()
      const buttons = [...(root.current?.querySelectorAll<HTMLButtonElement>('button.designer-node') ?? [])]
      const index = buttons.indexOf(event.currentTarget)
      buttons[index + (event.key === 'ArrowUp' ? -1 : 1)]?.focus()
    }
  }

  const drop = (event: DragEvent<HTMLDivElement>, path: NodePath, container: boolean) => {
    event.preventDefault()
    const from = dragged.current
    dragged.current = null
    if (!from) return
    const box = event.currentTarget.getBoundingClientRect()
    const before = event.clientY < box.top + box.height / 2
    const index = path[path.length - 1]!
    const parent = path.slice(0, -1)
    const isPage = path.length === 1
    if (from.length === 1 && !isPage) return
    if (from.length > 1 && isPage) return onDrop(from, { parent: path, index: before ? 0 : Number.MAX_SAFE_INTEGER })
    if (container && !before && !isPage) return onDrop(from, { parent: path, index: 0 })
    onDrop(from, { parent, index: before ? index : index + 1 })
  }

  const renderNode = (node: PageJson | ElementJson, path: NodePath) => {
    const key = pathKey(path)
    const isPage = path.length === 1
    const container = isPage || isPanel(node)
    const kind = isPage ? undefined : kindOf(node as ElementJson)
    const label = nodeLabel(node)
    const found = problems.get(key) ?? []
    const errors = found.filter((problem) => problem.kind === 'error').length
    const warnings = found.length - errors
    const current = samePath(path, selected)
    return (
      <li key={key} className={isPage ? 'designer-tree__page' : undefined}>
        <div
          className={current ? 'designer-row designer-row--current' : 'designer-row'}
          draggable={!textsOnly}
          onDragStart={(event) => {
            dragged.current = path
            event.dataTransfer.effectAllowed = 'move'
            event.dataTransfer.setData('text/plain', key)
          }}
          onDragOver={(event) => {
            if (dragged.current) event.preventDefault()
          }}
          onDrop={(event) => drop(event, path, container)}
        >
          <button
            type="button"
            className="designer-node"
            data-path={key}
            aria-current={current ? 'true' : undefined}
            onClick={() => onSelect(path)}
            onKeyDown={(event) => keyDown(event, path)}
          >
            <span className="designer-node__title">{label}</span>{' '}
            <span className="designer-node__meta">
              {isPage ? t('admin.designer.kind.page') : kind ? t(KIND_LABELS[kind]) : (node as ElementJson).type}
              {(node as ElementJson).isRequired === true ? ` · ${t('admin.designer.tree.required')}` : ''}
              {typeof node.visibleIf === 'string' && node.visibleIf !== '' ? ` · ${t('admin.designer.tree.conditional')}` : ''}
              {' · '}
              <code>{node.name}</code>
            </span>
            {errors > 0 ? <span className="designer-badge designer-badge--error">{t('admin.designer.tree.errors', { count: errors })}</span> : null}
            {warnings > 0 ? <span className="designer-badge designer-badge--warning">{t('admin.designer.tree.warnings', { count: warnings })}</span> : null}
          </button>
          {textsOnly ? null : (
            <span className="designer-row__actions">
              <button
                type="button"
                className="button button--link button--small"
                aria-label={t('admin.designer.action.up', { label })}
                onClick={() => onAction(path, 'up')}
              >
                ↑
              </button>
              <button
                type="button"
                className="button button--link button--small"
                aria-label={t('admin.designer.action.down', { label })}
                onClick={() => onAction(path, 'down')}
              >
                ↓
              </button>
              <button
                type="button"
                className="button button--link button--small"
                aria-label={t('admin.designer.action.duplicateLabel', { label })}
                onClick={() => onAction(path, 'duplicate')}
              >
                {t('admin.designer.action.duplicate')}
              </button>
              <button
                type="button"
                className="button button--link button--small"
                aria-label={t('admin.designer.action.deleteLabel', { label })}
                onClick={() => onAction(path, 'delete')}
              >
                {t('admin.designer.action.delete')}
              </button>
            </span>
          )}
        </div>
        {container && (node.elements?.length ?? 0) > 0 ? <ul>{node.elements!.map((child, index) => renderNode(child, [...path, index]))}</ul> : null}
      </li>
    )
  }

  return (
    <div ref={root} className="designer-tree">
      <button
        type="button"
        className="designer-node designer-node--survey"
        data-path=""
        aria-current={selected.length === 0 ? 'true' : undefined}
        onClick={() => onSelect([])}
        onKeyDown={(event) => keyDown(event, [])}
      >
        <span className="designer-node__title">{textIn(definition.title, 'fr') || t('admin.designer.tree.survey')}</span>{' '}
        <span className="designer-node__meta">{t('admin.designer.tree.surveyMeta')}</span>
      </button>
      {pagesOf(definition).length === 0 ? (
        <p className="muted">{t('admin.designer.tree.empty')}</p>
      ) : (
        <ul>{pagesOf(definition).map((page, index) => renderNode(page, [index]))}</ul>
      )}
    </div>
  )
}
