import { MIN_CELL_SIZE_RANGE, P_PERCENT_RANGE, type Wave } from '@sonde/contracts'
import { useId, useState, type FormEvent } from 'react'
import { t } from '../../i18n'
import { CopyButton } from '../ui/CopyButton'
import { PatchStatus, useWavePatch } from './use-wave-patch'

/** Title, minimum cell size, edits after submission, open link, retention date. */
export function GeneralSettingsForm({ wave, onChange }: { wave: Wave; onChange(wave: Wave): void }) {
  const id = useId()
  const [title, setTitle] = useState(wave.title)
  const [minCellSize, setMinCellSize] = useState(String(wave.settings.minCellSize))
  const [pPercent, setPPercent] = useState(String(wave.settings.pPercent))
  const [editAfterSubmit, setEditAfterSubmit] = useState(wave.settings.editAfterSubmit)
  const [openLink, setOpenLink] = useState(wave.settings.openLink)
  const [resultsPublished, setResultsPublished] = useState(wave.settings.resultsPublished)
  const [exportFreeText, setExportFreeText] = useState(wave.settings.exportFreeText)
  const [retentionUntil, setRetentionUntil] = useState(wave.settings.retentionUntil?.slice(0, 10) ?? '')
  const [showErrors, setShowErrors] = useState(false)
  const patch = useWavePatch(wave, onChange)
  const openLinkUrl = `${window.location.origin}/w/${encodeURIComponent(wave.slug)}`

  const size = Number(minCellSize)
  const titleError = title.trim() === '' ? t('admin.waveForm.titleRequired') : null
  const sizeError =
    !/^\d+$/.test(minCellSize) || size < MIN_CELL_SIZE_RANGE.min || size > MIN_CELL_SIZE_RANGE.max
      ? t('admin.settings.minCellSize.invalid', { min: MIN_CELL_SIZE_RANGE.min, max: MIN_CELL_SIZE_RANGE.max })
      : null
  const p = Number(pPercent)
  const pError =
    !/^\d+$/.test(pPercent) || p < P_PERCENT_RANGE.min || p > P_PERCENT_RANGE.max
      ? t('admin.settings.pPercent.invalid', { min: P_PERCENT_RANGE.min, max: P_PERCENT_RANGE.max })
      : null

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    setShowErrors(true)
    if (titleError || sizeError || pError) {
      patch.reset()
      return
    }
    void patch.save({
      title: title.trim(),
      settings: {
        minCellSize: size,
        pPercent: p,
        editAfterSubmit,
        openLink,
        resultsPublished,
        exportFreeText,
        retentionUntil: retentionUntil || null,
      },
    })
  }

  return (
    <form className="panel form-grid" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('admin.settings.general')}</h3>
      <div className="field">
        <label htmlFor={`${id}-wave-title`}>{t('admin.waveForm.title')}</label>
        <input
          id={`${id}-wave-title`}
          type="text"
          maxLength={300}
          required
          value={title}
          aria-invalid={showErrors && titleError ? true : undefined}
          aria-describedby={showErrors && titleError ? `${id}-wave-title-error` : undefined}
          onChange={(event) => setTitle(event.target.value)}
        />
        {showErrors && titleError ? (
          <p id={`${id}-wave-title-error`} className="field__error">
            {titleError}
          </p>
        ) : null}
      </div>
      <div className="field">
        <label htmlFor={`${id}-min`}>{t('admin.settings.minCellSize')}</label>
        <input
          id={`${id}-min`}
          type="number"
          inputMode="numeric"
          min={MIN_CELL_SIZE_RANGE.min}
          max={MIN_CELL_SIZE_RANGE.max}
          step={1}
          required
          className="input--short"
          value={minCellSize}
          aria-invalid={showErrors && sizeError ? true : undefined}
          aria-describedby={`${id}-min-hint${showErrors && sizeError ? ` ${id}-min-error` : ''}`}
          onChange={(event) => setMinCellSize(event.target.value)}
        />
        <p id={`${id}-min-hint`} className="field__hint">
          {t('admin.settings.minCellSize.hint', { min: MIN_CELL_SIZE_RANGE.min })}
        </p>
        {showErrors && sizeError ? (
          <p id={`${id}-min-error`} className="field__error">
            {sizeError}
          </p>
        ) : null}
      </div>
      <div className="field">
        <label htmlFor={`${id}-p`}>{t('admin.settings.pPercent')}</label>
        <input
          id={`${id}-p`}
          type="number"
          inputMode="numeric"
          min={P_PERCENT_RANGE.min}
          max={P_PERCENT_RANGE.max}
          step={1}
          required
          className="input--short"
          value={pPercent}
          aria-invalid={showErrors && pError ? true : undefined}
          aria-describedby={`${id}-p-hint${showErrors && pError ? ` ${id}-p-error` : ''}`}
          onChange={(event) => setPPercent(event.target.value)}
        />
        <p id={`${id}-p-hint`} className="field__hint">
          {t('admin.settings.pPercent.hint')}
        </p>
        {showErrors && pError ? (
          <p id={`${id}-p-error`} className="field__error">
            {pError}
          </p>
        ) : null}
      </div>
      <div className="field field--check">
        <input
          id={`${id}-edit`}
          type="checkbox"
          checked={editAfterSubmit}
          aria-describedby={`${id}-edit-hint`}
          onChange={(event) => setEditAfterSubmit(event.target.checked)}
        />
        <label htmlFor={`${id}-edit`}>{t('admin.settings.editAfterSubmit')}</label>
        <p id={`${id}-edit-hint`} className="field__hint">
          {t('admin.settings.editAfterSubmit.hint')}
        </p>
      </div>
      <div className="field field--check">
        <input
          id={`${id}-open`}
          type="checkbox"
          checked={openLink}
          aria-describedby={`${id}-open-hint`}
          onChange={(event) => setOpenLink(event.target.checked)}
        />
        <label htmlFor={`${id}-open`}>{t('admin.settings.openLink')}</label>
        <p id={`${id}-open-hint`} className="field__hint">
          {t('admin.settings.openLink.hint')}
        </p>
        {wave.settings.openLink ? (
          <p className="field__hint open-link">
            {t('admin.settings.openLink.url')} <code>{openLinkUrl}</code> <CopyButton text={openLinkUrl} label={t('admin.settings.openLink.copy')} />
          </p>
        ) : null}
      </div>
      <div className="field field--check">
        <input
          id={`${id}-published`}
          type="checkbox"
          checked={resultsPublished}
          aria-describedby={`${id}-published-hint`}
          onChange={(event) => setResultsPublished(event.target.checked)}
        />
        <label htmlFor={`${id}-published`}>{t('admin.settings.resultsPublished')}</label>
        <p id={`${id}-published-hint`} className="field__hint">
          {t('admin.settings.resultsPublished.hint')}
        </p>
      </div>
      <div className="field field--check">
        <input
          id={`${id}-freetext`}
          type="checkbox"
          checked={exportFreeText}
          aria-describedby={`${id}-freetext-hint`}
          onChange={(event) => setExportFreeText(event.target.checked)}
        />
        <label htmlFor={`${id}-freetext`}>{t('admin.settings.exportFreeText')}</label>
        <p id={`${id}-freetext-hint`} className="field__hint">
          {t('admin.settings.exportFreeText.hint')}
        </p>
      </div>
      <div className="field">
        <label htmlFor={`${id}-retention`}>{t('admin.settings.retentionUntil')}</label>
        <input
          id={`${id}-retention`}
          type="date"
          className="input--short"
          value={retentionUntil}
          aria-describedby={`${id}-retention-hint`}
          onChange={(event) => setRetentionUntil(event.target.value)}
        />
        <p id={`${id}-retention-hint`} className="field__hint">
          {t('admin.settings.retentionUntil.hint')}
        </p>
      </div>
      <div className="form-actions">
        <button type="submit" className="button" disabled={patch.state.kind === 'saving'}>
          {t('admin.settings.save')}
        </button>
        <PatchStatus state={patch.state} />
      </div>
    </form>
  )
}
