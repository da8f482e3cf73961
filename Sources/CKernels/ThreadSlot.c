#include "ThreadSlot.h"

_Thread_local void *gradlab_thread_slot __attribute__((tls_model("initial-exec"))) = 0;
