// Image dimensions from file headers (PNG, JPEG, GIF, WebP). Pure functions, no I/O.

export interface ImageSize {
  width: number;
  height: number;
}

function u16be(b: Uint8Array, i: number): number {
  return (b[i] << 8) | b[i + 1];
}
function u16le(b: Uint8Array, i: number): number {
  return b[i] | (b[i + 1] << 8);
}
function u24le(b: Uint8Array, i: number): number {
  return b[i] | (b[i + 1] << 8) | (b[i + 2] << 16);
}
function u32be(b: Uint8Array, i: number): number {
  return ((b[i] << 24) >>> 0) + ((b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]);
}

function valid(w: number, h: number): ImageSize | undefined {
  return Number.isFinite(w) && Number.isFinite(h) && w > 0 && h > 0 ? { width: w, height: h } : undefined;
}

/** Width/height from the first bytes of a PNG, JPEG, GIF or WebP file; undefined when not recognised. */
export function imageSizeFromBytes(bytes: Uint8Array): ImageSize | undefined {
  try {
    const b = bytes;
    if (!b || b.length < 10) return undefined;
    // PNG: signature, then the IHDR chunk (width/height big-endian at 16/20).
    if (b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) {
      if (b.length < 24) return undefined;
      return valid(u32be(b, 16), u32be(b, 20));
    }
    // GIF87a / GIF89a: logical screen width/height little-endian at 6/8.
    if (b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x38) {
      return valid(u16le(b, 6), u16le(b, 8));
    }
    // WebP: RIFF....WEBP then VP8 / VP8L / VP8X.
    if (b.length >= 30 && b[0] === 0x52 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x46 && b[8] === 0x57 && b[9] === 0x45 && b[10] === 0x42 && b[11] === 0x50) {
      const fourcc = String.fromCharCode(b[12], b[13], b[14], b[15]);
      if (fourcc === 'VP8 ') {
        // Frame header: 3-byte tag, start code 9d 01 2a, then 14-bit width/height.
        if (b[23] !== 0x9d || b[24] !== 0x01 || b[25] !== 0x2a) return undefined;
        return valid(u16le(b, 26) & 0x3fff, u16le(b, 28) & 0x3fff);
      }
      if (fourcc === 'VP8L') {
        if (b[20] !== 0x2f) return undefined;
        const bits = (b[21] | (b[22] << 8) | (b[23] << 16) | (b[24] << 24)) >>> 0;
        return valid((bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
      }
      if (fourcc === 'VP8X') {
        return valid(u24le(b, 24) + 1, u24le(b, 27) + 1);
      }
      return undefined;
    }
    // JPEG: walk the markers to the first SOFn.
    if (b[0] === 0xff && b[1] === 0xd8) {
      let i = 2;
      while (i + 9 < b.length) {
        if (b[i] !== 0xff) {
          i++;
          continue;
        }
        const marker = b[i + 1];
        if (marker === 0xff) {
          i++;
          continue;
        }
        if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
          i += 2;
          continue;
        }
        const len = u16be(b, i + 2);
        const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
        if (isSof) return valid(u16be(b, i + 7), u16be(b, i + 5));
        if (marker === 0xd9 || marker === 0xda || len < 2) return undefined;
        i += 2 + len;
      }
      return undefined;
    }
  } catch {
    return undefined;
  }
  return undefined;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_LOOKUP = (() => {
  const t = new Int16Array(256).fill(-1);
  for (let i = 0; i < B64.length; i++) t[B64.charCodeAt(i)] = i;
  t['-'.charCodeAt(0)] = 62; // base64url
  t['_'.charCodeAt(0)] = 63;
  return t;
})();

/** Decode at most `maxBytes` bytes from the start of a base64 string (whitespace ignored). */
export function decodeBase64Prefix(s: string, maxBytes: number): Uint8Array {
  const out = new Uint8Array(Math.max(0, maxBytes));
  let n = 0;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < s.length && n < maxBytes; i++) {
    const c = s.charCodeAt(i);
    if (c === 61) break; // '='
    const v = c < 256 ? B64_LOOKUP[c] : -1;
    if (v < 0) {
      if (c === 32 || c === 10 || c === 13 || c === 9) continue;
      break;
    }
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = (acc >> bits) & 0xff;
      acc &= (1 << bits) - 1;
    }
  }
  return out.subarray(0, n);
}

/**
 * Width/height of a `data:image/...;base64,...` URL. Only the header bytes are decoded (JPEG headers
 * can be long: up to 256 KB of the data are examined). undefined when not a base64 data URL or not a
 * recognised format.
 */
export function imageSizeFromDataUrl(url: string): ImageSize | undefined {
  if (typeof url !== 'string' || !/^data:/i.test(url)) return undefined;
  const comma = url.indexOf(',');
  if (comma < 0) return undefined;
  const meta = url.slice(5, comma);
  if (!/;base64$/i.test(meta.trim())) return undefined;
  const data = url.slice(comma + 1);
  // PNG/GIF/WebP need < 32 bytes; JPEG needs the SOF marker, after EXIF/ICC segments.
  let size = imageSizeFromBytes(decodeBase64Prefix(data, 64));
  if (size) return size;
  if (data.startsWith('/9j/')) {
    size = imageSizeFromBytes(decodeBase64Prefix(data, 256 * 1024));
  }
  return size;
}
