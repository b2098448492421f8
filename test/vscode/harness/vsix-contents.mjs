// What a .vsix may hold (paths under extension/), shared by the packaging unit test and the UI suite so
// the two cannot drift apart. vsce stores the README as readme.md and LICENSE as LICENSE.txt.
// Install Native Backend compiles the C++ on the user's machine, so those sources ship.
export const VSIX_ALLOWED = [
  /^(package\.json|package\.nls\.json|readme\.md|LICENSE\.txt)$/,
  /^dist\/(extension|worker)\.js$/,
  /^dist\/(tfjs-backend-wasm|kernels)[a-z-]*\.wasm$/,
  /^dist\/webview\/[^/]+\.(js|css)$/,
  /^media\/.+\.(svg|png|css|md)$/,
  /^examples\/dates\/(dates\.tsv|README\.md|try-me\.txt)$/,
  /^scripts\/(setup-native|lib\/npm-clean-env)\.sh$/,
  /^src\/core\/kernels\/native\/[a-z-]+\.(cc|h)$/,
  /^src\/core\/backend\/tf-load-log\.cc$/,
];

/** The entries no pattern allows. */
export function unexpectedVsixFiles(files) {
  return files.filter((f) => !VSIX_ALLOWED.some((pattern) => pattern.test(f)));
}
