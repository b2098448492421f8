// The part of the webview API the pages use, typed with each page's messages. A page opened outside VS
// Code (the CLI's HTML report) has no such API: vscodeApi() then returns undefined.
export interface VsCodeApi<S, M> {
  postMessage(message: M): void;
  getState(): S | undefined;
  setState(state: S): void;
}

declare const acquireVsCodeApi: (<S, M>() => VsCodeApi<S, M>) | undefined;

/** acquireVsCodeApi may be called once per page load. */
export const vscodeApi = <S, M>(): VsCodeApi<S, M> | undefined =>
  typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi<S, M>() : undefined;
