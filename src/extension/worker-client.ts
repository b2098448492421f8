// The host's side of the model worker: started on first use, one per window. When the worker dies
// (crash, out of memory, killed) its pending requests are rejected with one clear error, the death
// is reported once, and the next request starts a fresh worker. No vscode import, so node tests
// can drive it against the real worker.
import type { Worker } from 'node:worker_threads';
import type { BackendInfo } from '../core/backend';
import type { TrainEvent } from '../core/train/events';
import {
  WorkerError,
  checkRequest,
  type HostMessage,
  type LogLevel,
  type Method,
  type Params,
  type Result,
  type WorkerMessage,
} from '../worker/protocol';

export interface WorkerClientOptions {
  /** Creates the worker thread (script, workerData, resourceLimits). */
  launch(): Worker;
  onLog?(level: LogLevel, message: string): void;
  onBackend?(info: BackendInfo): void;
  /** Called once per unexpected worker death, with the error pending requests were rejected with. */
  onCrash?(error: WorkerError): void;
}

export interface RequestOptions {
  /** Aborting sends a cancel message; a training then ends with reason 'cancelled'. */
  signal?: AbortSignal;
  onEvent?(event: TrainEvent): void;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  onEvent?(event: TrainEvent): void;
}

/** One worker thread and the requests it owes answers to. */
interface Session {
  worker: Worker;
  pending: Map<number, Pending>;
  error?: Error;
  retireWhenIdle: boolean;
  /** Resolves when this worker has ended (stopped on purpose or died). */
  ended: Promise<void>;
  end(): void;
}

export class WorkerClient {
  private session: Session | undefined;
  private nextId = 1;

  constructor(private readonly options: WorkerClientOptions) {}

  get running(): boolean {
    return this.session !== undefined;
  }

  get pendingRequests(): number {
    return this.session?.pending.size ?? 0;
  }

  /** Rejects (WorkerError BAD_REQUEST) a request that is malformed or too large, without sending it. */
  request<M extends Method>(method: M, params: Params<M>, options: RequestOptions = {}): Promise<Result<M>> {
    try {
      checkRequest(method, params);
    } catch (e) {
      return Promise.reject(e);
    }
    const session = (this.session ??= this.startSession());
    const id = this.nextId++;
    return new Promise<Result<M>>((resolve, reject) => {
      session.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, onEvent: options.onEvent });
      session.worker.postMessage({ type: 'request', id, method, params } as HostMessage);
      const cancel = () =>
        session.pending.has(id) && session.worker.postMessage({ type: 'cancel', id } satisfies HostMessage);
      if (options.signal?.aborted) cancel();
      else options.signal?.addEventListener('abort', cancel, { once: true });
    });
  }

  /** Ends the worker on purpose: pending requests fail with WORKER_STOPPED, nothing is reported. */
  stop(reason: string): void {
    const session = this.session;
    if (!session) return;
    this.session = undefined;
    void session.worker.terminate();
    this.rejectAll(session, new WorkerError('WORKER_STOPPED', reason));
    session.end();
  }

  /**
   * Stops the worker once its pending requests are answered (so new settings apply to the next one);
   * resolves when it has stopped.
   */
  stopWhenIdle(reason: string): Promise<void> {
    const session = this.session;
    if (!session) return Promise.resolve();
    if (session.pending.size === 0) this.stop(reason);
    else session.retireWhenIdle = true;
    return session.ended;
  }

  /** Ends the worker abruptly, exactly as a crash would (tests use it to check recovery). */
  kill(): Promise<number> | undefined {
    return this.session?.worker.terminate();
  }

  dispose(): void {
    this.stop('The window is closing.');
  }

  private startSession(): Session {
    const worker = this.options.launch();
    let end = () => {};
    const ended = new Promise<void>((resolve) => (end = resolve));
    const session: Session = { worker, pending: new Map(), retireWhenIdle: false, ended, end };
    worker.on('message', (message: WorkerMessage) => this.receive(session, message));
    worker.on('error', (error) => (session.error = error));
    worker.on('exit', (code) => this.exited(session, code));
    return session;
  }

  private receive(session: Session, message: WorkerMessage): void {
    switch (message.type) {
      case 'log':
        return this.options.onLog?.(message.level, message.message);
      case 'backend':
        return this.options.onBackend?.(message.info);
      case 'event':
        return session.pending.get(message.id)?.onEvent?.(message.event);
      case 'response':
      case 'error': {
        const pending = session.pending.get(message.id);
        session.pending.delete(message.id);
        if (message.type === 'response') pending?.resolve(message.result);
        else pending?.reject(new WorkerError(message.error.code, message.error.message));
        // The request already says what to change; the worker itself is replaced once it is idle.
        if (message.type === 'error' && message.error.code === 'OUT_OF_MEMORY') session.retireWhenIdle = true;
        if (session.retireWhenIdle && session.pending.size === 0 && this.session === session)
          this.stop('settings changed');
      }
    }
  }

  private exited(session: Session, code: number): void {
    if (this.session !== session) return; // stopped on purpose: already handled
    this.session = undefined;
    const error = deathError(session.error, code);
    this.rejectAll(session, error);
    session.end();
    this.options.onCrash?.(error);
  }

  private rejectAll(session: Session, error: WorkerError): void {
    for (const pending of session.pending.values()) pending.reject(error);
    session.pending.clear();
  }
}

function deathError(cause: Error | undefined, code: number): WorkerError {
  if ((cause as NodeJS.ErrnoException | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return new WorkerError('WORKER_OUT_OF_MEMORY', 'The model worker ran out of memory and was restarted.');
  }
  const why = cause ? `: ${cause.message.split('\n')[0]}` : ` (exit code ${code})`;
  return new WorkerError(
    'WORKER_CRASHED',
    `The model worker stopped unexpectedly${why}. It restarts on the next request.`,
  );
}
