// Layout runs without a DOM (Node, workers), so text is measured from Helvetica's advance widths
// (its AFM metrics, in em) by character class, rounded up so that a fallback sans-serif still fits.
const NARROW = /[iljI.,:;|!'`]/;
const THIN = /[ ft()[\]{}r\-/\\*"]/;
const WIDE = /[mwMW%@]/;

function advance(char: string): number {
  if (NARROW.test(char)) return 0.28;
  if (THIN.test(char)) return 0.34;
  if (WIDE.test(char)) return 0.9;
  if (/[A-Z]/.test(char)) return 0.68;
  if (/[a-z0-9_#$?=+<>~^&]/.test(char)) return 0.57;
  // CJK and other full-width scripts take a whole em.
  return char.codePointAt(0)! >= 0x2e80 ? 1 : 0.62;
}

/** The width in pixels of one line of text in a sans-serif font of `fontSize` pixels. */
export function textWidth(text: string, fontSize: number, bold = false): number {
  let ems = 0;
  for (const char of text) ems += advance(char);
  return Math.ceil(ems * fontSize * (bold ? 1.08 : 1));
}
