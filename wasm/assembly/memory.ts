// Memory layout: static data (the CRC tables) sits below __heap_base; everything from
// heapBase() up is the TypeScript side's work area, which it grows with memory.grow.

/** First byte of the work area, 16-byte aligned. */
export function heapBase(): usize {
  return (__heap_base + 15) & ~(<usize> 15);
}
