// The library is loaded with process.dlopen into the process where tfjs-node already runs
// TensorFlow: loading runs the static REGISTER_OP / REGISTER_KERNEL_BUILDER of rnn.cc, decoder.cc,
// loss.cc, attention.cc and layernorm.cc in the same libtensorflow_framework, and tfjs-node's
// generic op execution then finds the ops by name. process.dlopen only accepts a Node addon, hence
// this small N-API module: its exports say which op signatures it was built with (S2S_OPS_ABI), so
// that a library left over from older sources is refused instead of being called with the wrong
// inputs.
#include <node_api.h>

#define S2S_OPS_ABI 3

NAPI_MODULE_INIT() {
  napi_value abi;
  if (napi_create_uint32(env, S2S_OPS_ABI, &abi) != napi_ok ||
      napi_set_named_property(env, exports, "abi", abi) != napi_ok)
    return nullptr;
  return exports;
}
