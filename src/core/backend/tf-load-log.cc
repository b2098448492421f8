// TensorFlow's load-time log without its INFO chatter. TensorFlow 2.21 logs through absl while the
// static initialisers of libtensorflow_framework run, i.e. inside the dlopen of tfjs-node's binding:
// threadpool_device.cc's initialiser asks IsMklEnabled(), which logs "oneDNN custom operations are
// on" (INFO), and absl first prints its "before InitializeLog" notice. No code of ours can lower
// absl's level before that: the level lives in that same library, which sets it from
// TF_CPP_MIN_LOG_LEVEL only later in its initialisation, and its calls into absl are internal (not
// through the PLT), so they cannot be interposed either. What can be changed is where absl writes:
// each message is one fwrite to libc's `stderr`, a variable glibc lets a program reassign. During the
// load it is a stream that drops INFO messages and the notice and passes everything else to fd 2 at
// once, in the writing thread (a warning, an error, a fatal message before its abort).
// A plain N-API addon, linked to nothing of TensorFlow's, so that it loads before TensorFlow does.
#include <node_api.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace {

// absl's prefix of an INFO message: "I", month and day, a space (then the time, the thread id, the
// source line: "I0000 00:00:1796185587.500774   12489 port.cc:153] oneDNN custom operations are on ...").
bool is_info(const char *s, size_t n) {
  if (n < 6 || s[0] != 'I' || s[5] != ' ') return false;
  for (int i = 1; i < 5; i++)
    if (s[i] < '0' || s[i] > '9') return false;
  return true;
}

constexpr char NOTICE[] = "WARNING: All log messages before absl::InitializeLog() is called";

bool is_notice(const char *s, size_t n) { return n >= sizeof NOTICE - 1 && !memcmp(s, NOTICE, sizeof NOTICE - 1); }

// The stream is unbuffered, so each fwrite, i.e. each absl message, arrives here whole.
ssize_t write_filtered(void *, const char *s, size_t n) {
  if (is_info(s, n) || is_notice(s, n)) return static_cast<ssize_t>(n);
  for (size_t done = 0; done < n;) {
    const ssize_t w = write(STDERR_FILENO, s + done, n - done);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return done ? static_cast<ssize_t>(done) : -1;
    done += static_cast<size_t>(w);
  }
  return static_cast<ssize_t>(n);
}

// Opened once and never closed: another thread may still hold it after `stderr` is restored.
FILE *filter_stream() {
  static FILE *stream = [] {
    FILE *f = fopencookie(nullptr, "w", cookie_io_functions_t{nullptr, write_filtered, nullptr, nullptr});
    if (f) setvbuf(f, nullptr, _IONBF, 0);
    return f;
  }();
  return stream;
}

// run(load): calls load() with `stderr` filtered and returns its result; an exception it throws
// propagates (stderr is restored first).
napi_value run(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value load, self, result = nullptr;
  if (napi_get_cb_info(env, info, &argc, &load, &self, nullptr) != napi_ok || argc != 1) {
    napi_throw_type_error(env, nullptr, "run(load) takes one function");
    return nullptr;
  }
  FILE *const real = stderr, *const filter = filter_stream();
  fflush(real);
  if (filter) stderr = filter;
  napi_call_function(env, self, load, 0, nullptr, &result);
  stderr = real;
  return result;
}

}  // namespace

NAPI_MODULE_INIT() {
  napi_value fn;
  if (napi_create_function(env, "run", NAPI_AUTO_LENGTH, run, nullptr, &fn) != napi_ok ||
      napi_set_named_property(env, exports, "run", fn) != napi_ok)
    return nullptr;
  return exports;
}
