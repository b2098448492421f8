// The fused wasm kernels against the reference path (fused-suite.ts), on wasm whatever
// $SEQ2SEQ_BACKEND says: the kernels ship with the package, so they always run.
import { fusedSuite } from './fused-suite';

fusedSuite('wasm');
