import { Component, type ReactNode } from 'react'

interface State {
  failed: boolean
}

/** A definition SurveyJS cannot draw must not take the editor down with it. */
export class PreviewBoundary extends Component<{ fallback: ReactNode; children: ReactNode }, State> {
  override state: State = { failed: false }

  static getDerivedStateFromError(): State {
    return { failed: true }
  }

  override render() {
    return this.state.failed ? this.props.fallback : this.props.children
  }
}
