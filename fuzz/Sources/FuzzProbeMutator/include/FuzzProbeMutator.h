#ifndef FUZZ_PROBE_MUTATOR_H
#define FUZZ_PROBE_MUTATOR_H

#include <stddef.h>
#include <stdint.h>

/// libFuzzer's custom mutator hook (defined in FuzzProbeMutator.c; libFuzzer finds it by name).
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed);

#endif
