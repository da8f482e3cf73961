#ifndef GRADLAB_RUNTIME_REFERENCES_H
#define GRADLAB_RUNTIME_REFERENCES_H

// A strong reference taken only while an object is alive: the Swift runtime's own entry
// point (libswiftCore exports it; a weak reference's load is built on it).
//
// GradLab's gradient accumulator refers back to its leaf without a weak reference: the
// first weak reference to an object moves its reference counts into a side table, and
// from then on every retain and release of the object takes the runtime's slow path. A
// leaf (a model's weight) is retained and released by every op that reads it.

/// Retains `object` and returns it, unless its deinitialisation has begun (then NULL, and
/// nothing retained). `object` must point to a Swift object whose memory is still allocated.
extern void *swift_tryRetain(void *object);

#endif
