// The kiln WASM core: numbers and linear memory at the boundary, nothing else.
// Re-exports only; each concept lives in its own file.

export { putU16BE, putU16Both, putU16LE, putU32BE, putU32Both, putU32LE } from "./endian";
export { decDateTime, dirRecord, pathTableRecord } from "./ecma119";
export { crc16Ccitt, crc32Edc, crc32Ieee } from "./crc";
export { fileEntries } from "./ecma167";
export { heapBase } from "./memory";
