import type { TrainEvent } from '../../core/train/events';
import type { TransformRecord } from '../../shared/transform-record';

/** Where the commands send what the attention view shows. */
export interface AttentionSink {
  showTransform(record: TransformRecord): void;
  showTraining(event: TrainEvent & { run: string }): void;
}
