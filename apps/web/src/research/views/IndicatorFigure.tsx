import type { Family, IndicatorMeta, IndicatorResults } from '@sonde/contracts'
import { FigureChart } from '../indicators/FigureChart'
import { IndicatorCard } from '../indicators/IndicatorCard'
import { chartRowsOf } from './shared'

/** The anchor of an indicator on a page, for the search's links. */
export const indicatorAnchor = (id: string) => `indicateur-${id}`

interface IndicatorFigureProps {
  meta: IndicatorMeta
  data: IndicatorResults
  /** The wave's families: the lines of the chart. */
  waveFamilies: readonly Family[]
  /** The families of the card crossed with a dimension. */
  cardFamilies: Family[]
  /** The family whose categories a distribution shows (null: the whole, else the first with cells). */
  only: string | null
  subtitle: string
}

/**
 * An indicator on a family or theme page: its chart (the value written beside each bar, with its
 * interval and n), or, crossed with a dimension, its full card per modality.
 */
export function IndicatorFigure({ meta, data, waveFamilies, cardFamilies, only, subtitle }: IndicatorFigureProps) {
  if (data.dimension) {
    return (
      <IndicatorCard
        meta={meta}
        cells={data.cells.filter((c) => c.indicator === meta.id)}
        families={cardFamilies}
        dimension={{ key: data.dimension, values: data.dimensionValues }}
        minCellSize={data.minCellSize}
        pPercent={data.pPercent}
      />
    )
  }
  return (
    <FigureChart
      rules={{ minCellSize: data.minCellSize, pPercent: data.pPercent }}
      anchor={indicatorAnchor(meta.id)}
      meta={meta}
      rows={chartRowsOf(meta, data.cells, waveFamilies, only)}
      subtitle={subtitle}
      level={4}
    />
  )
}
