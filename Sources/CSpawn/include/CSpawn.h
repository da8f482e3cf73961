// glibc's GNU extensions to posix_spawn, which Swift does not import: the grader closes
// every descriptor above the child's channels and starts the child in a directory.
// `actions` is a posix_spawn_file_actions_t.
#ifndef GRADLAB_CSPAWN_H
#define GRADLAB_CSPAWN_H

/// Closes every descriptor from `lowest` up in the child (glibc 2.34 and later).
int gradlab_spawn_close_from(void *actions, int lowest);

/// Starts the child in `directory` (glibc 2.29 and later).
int gradlab_spawn_chdir(void *actions, const char *directory);
#endif
