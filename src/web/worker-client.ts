import type { FailureInfo, Progress, Replies, Request, WorkerMessage } from './protocol.js';

/** A failure reported by the worker: the library's message and error code. */
export class WorkerFailure extends Error {
  readonly code?: string;
  constructor(info: FailureInfo) {
    super(info.message);
    this.code = info.code;
  }
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  progress(p: Progress): void;
}

/** Requests to the page's worker as promises, with progress reported along the way. */
export class WorkerClient {
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly worker: Worker) {
    worker.onmessage = (event: MessageEvent<WorkerMessage>) => this.receive(event.data);
    // A worker that fails to load (a missing chunk, a browser without module workers) fails every request.
    worker.onerror = (event) => {
      event.preventDefault();
      this.failAll(new WorkerFailure({ message: `The page's worker stopped: ${event.message || 'it could not be loaded'}. Reload the page.` }));
    };
  }

  call<K extends Request['kind']>(request: Extract<Request, { kind: K }>, progress: (p: Progress) => void = () => {}): Promise<Replies[K]> {
    const id = this.nextId++;
    return new Promise<Replies[K]>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject, progress });
      this.worker.postMessage({ id, request });
    });
  }

  private receive(message: WorkerMessage): void {
    const pending = this.pending.get(message.id);
    if (pending === undefined) return;
    if ('progress' in message) return pending.progress(message.progress);
    this.pending.delete(message.id);
    if (message.ok) pending.resolve(message.value);
    else pending.reject(new WorkerFailure(message.error));
  }

  private failAll(error: Error): void {
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}
