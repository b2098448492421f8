// The part of the webview API the panel uses, typed with the shared messages.
import type { WebviewMessage } from '../../shared/attention-messages';

export interface VsCodeApi<S> {
  postMessage(message: WebviewMessage): void;
  getState(): S | undefined;
  setState(state: S): void;
}

declare function acquireVsCodeApi<S>(): VsCodeApi<S>;

/** acquireVsCodeApi may be called once per page load. */
export const vscodeApi = <S>(): VsCodeApi<S> => acquireVsCodeApi<S>();
