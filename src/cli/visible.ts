// Text from a plugin (file names, YAML lines, values quoted in messages) printed to a terminal:
// control characters would be run by the terminal (an escape sequence sets the title, moves the
// cursor or recolours the report; a newline in a file name forges report lines), and bidi controls
// reorder what is shown. Each becomes a visible stand-in of the same width (Unicode control
// pictures: ␛ for ESC, ␊ for a line feed), so columns and carets still line up.

// C0 controls (tab kept where asked), DEL, C1 controls, bidi embeddings/overrides/isolates, and the
// Unicode line and paragraph separators.
const UNSAFE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;
const UNSAFE_WITH_TAB = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;

function standIn(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code < 0x20) return String.fromCharCode(0x2400 + code); // ␀..␟
  if (code === 0x7f) return '\u2421'; // ␡
  return '\ufffd';
}

/** `text` with every character a terminal would act on replaced by a visible stand-in. */
export function visible(text: string, keepTabs = false): string {
  return text.replace(keepTabs ? UNSAFE : UNSAFE_WITH_TAB, standIn);
}
