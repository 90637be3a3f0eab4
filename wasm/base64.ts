/**
 * Base64 without dependencies, for embedding the WASM bytes in a TypeScript module.
 *
 * @module
 */

/**
 * Encode bytes as base64.
 *
 * @param bytes The bytes.
 * @returns Base64 text.
 */
export function encodeBase64(bytes: Uint8Array): string {
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(bin);
}

/**
 * Decode base64.
 *
 * @param text Base64 text.
 * @returns The bytes.
 */
export function decodeBase64(text: string): Uint8Array {
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
