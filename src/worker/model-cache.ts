// The models this worker holds, by directory. A load is shared by concurrent requests for the same
// directory; a failed load is not kept, so fixing the files on disk and retrying works.
import * as path from 'node:path';
import { loadModel, type LoadedModel } from '../core/store/model-store';
import { WorkerError } from './protocol';

export class ModelCache {
  private readonly models = new Map<string, Promise<LoadedModel>>();

  get(dir: string): Promise<LoadedModel> {
    const key = path.resolve(dir);
    let loading = this.models.get(key);
    if (!loading) {
      loading = loadModel(key).catch((e: unknown) => {
        this.models.delete(key);
        throw new WorkerError('MODEL_INVALID', e instanceof Error ? e.message : String(e));
      });
      this.models.set(key, loading);
    }
    return loading;
  }

  /** Drops a directory whose files changed (a training wrote it), so the next request reloads it. */
  forget(dir: string): void {
    const key = path.resolve(dir);
    const loading = this.models.get(key);
    this.models.delete(key);
    loading?.then(
      (m) => m.translator.dispose(),
      () => {},
    );
  }
}
