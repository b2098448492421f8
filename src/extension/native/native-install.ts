// The native backend that Install Native Backend keeps in the extension's global storage, under
// native/: tfjs-node with its libtensorflow and the fused kernels in node_modules (the VSIX ships no
// node_modules, so the worker loads it from here), the set-up cache (unless $SEQ2SEQ_NATIVE_CACHE
// names one, e.g. the one `npm run setup:native` and CI fill), the last run's log, and installed.json:
// written when the set-up succeeded, removed when it is redone or the worker cannot start on it.
// New workers load tfjs-node from here only while installed.json exists.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BackendInfo } from '../../core/backend/info';
import type { Route } from './setup-outcome';

export interface InstallRecord {
  route: Route;
  installedAt: string;
  /** What the worker reported once it started on it. */
  backend?: BackendInfo;
}

export class NativeInstall {
  readonly dir: string;
  readonly logFile: string;
  private readonly marker: string;

  constructor(globalStorage: string) {
    this.dir = path.join(globalStorage, 'native');
    this.logFile = path.join(this.dir, 'install.log');
    this.marker = path.join(this.dir, 'installed.json');
  }

  /** The folder a new model worker loads tfjs-node from, while an install stands. */
  workerDir(): string | undefined {
    return fs.existsSync(this.marker) ? this.dir : undefined;
  }

  markInstalled(record: InstallRecord): void {
    fs.writeFileSync(this.marker, JSON.stringify(record, null, 2));
  }

  forget(): void {
    fs.rmSync(this.marker, { force: true });
  }

  /** scripts/setup-native.sh's environment for one route, into this folder. */
  setupEnv(route: Route, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
    return {
      ...base,
      SEQ2SEQ_NATIVE_PREFIX: this.dir,
      SEQ2SEQ_NATIVE_ROUTE: route,
      SEQ2SEQ_NATIVE_CACHE: base.SEQ2SEQ_NATIVE_CACHE || path.join(this.dir, 'cache'),
    };
  }
}
