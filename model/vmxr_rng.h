/* The project's one pseudo-random generator (splitmix64): the runner's
 * stall patterns, the item-level bus, the SystemC driver, the stream
 * generator and the tests draw from it, so a seed means the same sequence
 * everywhere and the engines' back-pressure patterns are the same. */
#ifndef VMXR_RNG_H
#define VMXR_RNG_H

#include <stdbool.h>
#include <stdint.h>

/* The next value of the sequence whose state is *s. */
static inline uint64_t vmxr_splitmix64(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* Random decision back-pressure: dec_ready for the next cycle, low one
 * cycle in four. */
static inline bool vmxr_stall_ready(uint64_t *s) { return vmxr_splitmix64(s) % 4 != 0; }

#endif /* VMXR_RNG_H */
