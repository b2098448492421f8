// Below both training (the optimizer's state) and the model store (which writes it), so the store does
// not depend on training.

/** Named float32 arrays, the unit the model store writes. */
export interface NamedArrays {
  name: string;
  shape: number[];
  values: Float32Array;
}
