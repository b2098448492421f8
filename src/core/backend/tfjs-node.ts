// Where @tensorflow/tfjs-node comes from: the project's own node_modules (`npm run setup:native`),
// or a folder holding its own node_modules, given as `nativeDir` (the VS Code command installs it in
// the extension's global storage: the VSIX ships no node_modules, and the worker bundle must not
// depend on the extension's folder). The custom ops load from the package that was loaded, next to
// the libtensorflow it runs.
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { withoutLoadInfo } from './tf-load-log';

const PACKAGE = '@tensorflow/tfjs-node';

let loadedFrom: string | undefined;

/** Resolves from nativeDir/node_modules, else from this module's own folder upwards. */
function resolver(nativeDir: string | undefined): NodeJS.Require {
  return createRequire(nativeDir ? path.join(path.resolve(nativeDir), 'package.json') : __filename);
}

/** Loads tfjs-node (it registers the tensorflow backend); throws the loader's error. */
export function requireTfjsNode(nativeDir: string | undefined): void {
  const load = resolver(nativeDir);
  const dir = path.dirname(load.resolve(`${PACKAGE}/package.json`));
  withoutLoadInfo(dir, () => load(PACKAGE));
  loadedFrom = dir;
}

/** The package folder of the tfjs-node this process loaded, else of the one the project resolves. */
export function tfjsNodeDir(): string {
  return loadedFrom ?? path.dirname(resolver(undefined).resolve(`${PACKAGE}/package.json`));
}
