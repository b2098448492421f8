// Every test file starts the backend the run asks for ($SEQ2SEQ_BACKEND, as CI sets it per pass).
import { before } from 'node:test';
import { initBackend } from '../../src/core/backend';

export function useBackend(): void {
  before(async () => {
    await initBackend();
  });
}
