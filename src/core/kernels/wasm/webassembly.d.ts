// Node has the WebAssembly global, but @types/node 20 does not declare it: TypeScript's DOM library
// does, and the Node code is checked without the DOM (tsconfig.json). The part this folder uses.
declare namespace WebAssembly {
  class Memory {
    constructor(descriptor: { initial: number; maximum?: number; shared?: boolean });
    readonly buffer: ArrayBuffer;
    grow(delta: number): number;
  }
  interface Instance {
    readonly exports: Record<string, unknown>;
  }
  class Module {
    static exports(module: Module): { name: string; kind: string }[];
  }
  type Imports = Record<string, Record<string, unknown>>;
  function compile(bytes: ArrayBufferView | ArrayBuffer): Promise<Module>;
  function validate(bytes: ArrayBufferView | ArrayBuffer): boolean;
  function instantiate(bytes: ArrayBufferView | ArrayBuffer, imports?: Imports): Promise<{ instance: Instance }>;
}
