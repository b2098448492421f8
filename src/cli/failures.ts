// Turns whatever a command threw into the one line the CLI prints: raw out-of-memory aborts
// become the message that says what to change; everything else keeps its own message.
import { explainOutOfMemory } from '../core/train/memory';

export function explainFailure(e: unknown): string {
  const explained = explainOutOfMemory(e);
  return explained instanceof Error ? explained.message : String(explained);
}
