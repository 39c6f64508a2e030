import type { MessageKey } from '../../i18n'
import type { ElementKind } from './model/operations'

/** The French names staff see for each kind of element (« Texte court », « Nombre »…). */
export const KIND_LABELS: Record<ElementKind, MessageKey> = {
  text: 'admin.designer.kind.text',
  number: 'admin.designer.kind.number',
  email: 'admin.designer.kind.email',
  date: 'admin.designer.kind.date',
  url: 'admin.designer.kind.url',
  comment: 'admin.designer.kind.comment',
  radiogroup: 'admin.designer.kind.radiogroup',
  checkbox: 'admin.designer.kind.checkbox',
  dropdown: 'admin.designer.kind.dropdown',
  boolean: 'admin.designer.kind.boolean',
  rating: 'admin.designer.kind.rating',
  matrix: 'admin.designer.kind.matrix',
  multipletext: 'admin.designer.kind.multipletext',
  html: 'admin.designer.kind.html',
  panel: 'admin.designer.kind.panel',
}
