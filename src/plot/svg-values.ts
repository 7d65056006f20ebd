// Characters XML 1.0 forbids outright (C0 controls other than tab and newlines, lone surrogates,
// U+FFFE/U+FFFF): a layer name from a file may hold them, and one would make the whole SVG unreadable.
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe inside an XML element or a quoted attribute value. */
export function escapeXml(text: string): string {
  return text.replace(FORBIDDEN, '\uFFFD').replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** A coordinate to a tenth of a pixel: finer is invisible and only makes the markup longer. */
export function svgNumber(value: number): string {
  return String(Math.round(value * 10) / 10);
}
