// The worker_threads entry (bundled to dist/worker.js): all TensorFlow.js work of a VS Code window
// happens here, so a crash or an out-of-memory never takes the extension host down.
import { parentPort, workerData } from 'node:worker_threads';
import type { HostMessage, WorkerStartData } from './protocol';
import { WorkerService } from './service';

const port = parentPort;
if (!port) throw new Error('worker.js runs as a worker thread of the Seq2Seq Studio extension.');
const service = new WorkerService(workerData as WorkerStartData, (message) => port.postMessage(message));
port.on('message', (message: HostMessage) => service.receive(message));
