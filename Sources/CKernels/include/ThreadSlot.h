#ifndef GRADLAB_THREAD_SLOT_H
#define GRADLAB_THREAD_SLOT_H
// One pointer per thread, read with a single load: where GradLab keeps each thread's
// state (grad mode, the pending releases of a graph being freed). Swift has no
// thread-local variables, and pthread_getspecific is a library call on every op.

/// The calling thread's slot (initial-exec: the slot lives in the thread's static block).
extern _Thread_local void *gradlab_thread_slot __attribute__((tls_model("initial-exec")));

/// The pointer stored in the calling thread's slot (NULL until one is stored).
static inline void *gradlab_thread_slot_get(void) { return gradlab_thread_slot; }

/// Stores `pointer` in the calling thread's slot.
static inline void gradlab_thread_slot_set(void *pointer) { gradlab_thread_slot = pointer; }

#endif
