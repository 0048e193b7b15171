// What `print(array)` shows in numpy (default print options), so the widgets can show arrays
// exactly as students will see them in their notebooks. Pure: no DOM.
//
// Ported from numpy's arrayprint (FloatingFormat with floatmode "maxprec", precision 8;
// IntegerFormat; _formatArray with linewidth 75). Checked against numpy's own output in
// tests/vectors/numpy_print.json. Arrays of more than 1000 elements (numpy summarises those
// with "...") are not supported: the widgets stay below that.

const LINE_WIDTH = 75;
const PRECISION = 8;

function isNegative(x) {
  return x < 0 || Object.is(x, -0);
}

/** Shortest round-trip decimal digits of |x|: { digits: "125", exponent: -1 } means 0.125*10 = 1.25. */
function shortestDigits(x) {
  const [mantissa, exp] = Math.abs(x).toExponential().split("e");
  return { digits: mantissa.replace(".", ""), exponent: Number(exp) };
}

/** Positional text of |x| with at most `precision` fractional digits, trailing zeros trimmed ("1." kept). */
function positional(x, precision) {
  const abs = Math.abs(x);
  const { digits, exponent } = shortestDigits(abs);
  let text;
  if (abs === 0) {
    text = "0.";
  } else if (digits.length - 1 - exponent <= precision) {
    // The shortest unique representation already fits: write it out positionally.
    if (exponent >= 0) {
      const intPart = digits.slice(0, exponent + 1).padEnd(exponent + 1, "0");
      text = `${intPart}.${digits.slice(exponent + 1)}`;
    } else {
      text = `0.${"0".repeat(-exponent - 1)}${digits}`;
    }
  } else {
    // Too many digits: round the exact binary value (toFixed does) and trim zeros.
    text = abs.toFixed(precision).replace(/0+$/, "");
    if (!text.includes(".")) text += ".";
  }
  return (isNegative(x) ? "-" : "") + text;
}

/** Scientific text of |x|: mantissa digits after the point (<= precision, zeros trimmed) and exponent. */
function scientificParts(x, precision) {
  const abs = Math.abs(x);
  let mantissa;
  let exponent;
  if (abs === 0) {
    mantissa = "0";
    exponent = 0;
  } else {
    const shortest = shortestDigits(abs);
    if (shortest.digits.length - 1 <= precision) {
      mantissa = shortest.digits;
      exponent = shortest.exponent;
    } else {
      const [m, e] = abs.toExponential(precision).split("e");
      mantissa = m.replace(".", "").replace(/0+$/, "") || "0";
      exponent = Number(e);
    }
  }
  return { sign: isNegative(x) ? "-" : "", intDigit: mantissa[0], frac: mantissa.slice(1), exponent };
}

function floatFormatter(data) {
  const finite = data.filter(Number.isFinite);
  const nonZero = finite.filter((v) => v !== 0).map(Math.abs);
  let expFormat = false;
  if (nonZero.length) {
    const maxVal = Math.max(...nonZero);
    const minVal = Math.min(...nonZero);
    expFormat = maxVal >= 1e8 || minVal < 0.0001 || maxVal / minVal > 1000;
  }
  if (expFormat) {
    const parts = finite.map((v) => scientificParts(v, PRECISION));
    const precision = Math.max(...parts.map((p) => p.frac.length));
    const expDigits = Math.max(2, ...parts.map((p) => String(Math.abs(p.exponent)).length));
    const padLeft = Math.max(...parts.map((p) => p.sign.length + 1));
    return (v) => {
      const p = scientificParts(v, precision);
      const expText = (p.exponent < 0 ? "-" : "+") + String(Math.abs(p.exponent)).padStart(expDigits, "0");
      const head = (p.sign + p.intDigit).padStart(padLeft, " ");
      return `${head}.${p.frac.padEnd(precision, "0")}e${expText}`;
    };
  }
  const texts = finite.map((v) => positional(v, PRECISION));
  const padLeft = Math.max(0, ...texts.map((s) => s.split(".")[0].length));
  const padRight = Math.max(0, ...texts.map((s) => s.split(".")[1].length));
  return (v) => {
    const [intPart, fracPart] = positional(v, PRECISION).split(".");
    return `${intPart.padStart(padLeft, " ")}.${fracPart.padEnd(padRight, " ")}`;
  };
}

function intFormatter(data) {
  const width = data.length ? Math.max(String(Math.max(...data)).length, String(Math.min(...data)).length) : 0;
  return (v) => String(v).padStart(width, " ");
}

function extendLine(s, line, word, lineWidth, nextLinePrefix) {
  let needsWrap = line.length + word.length > lineWidth;
  if (line.length <= nextLinePrefix.length) needsWrap = false; // wrapping would not help
  if (needsWrap) {
    s += `${line.trimEnd()}\n`;
    line = nextLinePrefix;
  }
  return [s, line + word];
}

/** Python's '{: 0.1f}'.format(x): a space or "-" sign, one decimal, exact ties rounded to even. */
export function lessonFloat(x) {
  const abs = Math.abs(x);
  let text = abs.toFixed(1); // rounds the exact value; only ties differ from Python
  const quarters = abs * 4;
  if (Number.isInteger(quarters) && quarters % 2 === 1) {
    // x = k + 0.25 or k + 0.75 is exactly halfway between two tenths: Python picks the even one.
    const lower = Math.floor(abs * 10);
    text = ((lower % 2 === 0 ? lower : lower + 1) / 10).toFixed(1);
  }
  return (isNegative(x) ? "-" : " ") + text;
}

/**
 * print(array) for a C-ordered flat `data` of the given `shape`.
 * kind: "float" or "int" (numpy prints them differently). formatter: "lesson" prints floats the
 * way the lesson sets them up, np.set_printoptions(formatter={'float': '{: 0.1f}'.format}).
 */
export function formatArray({ kind, shape, data, formatter = null }) {
  const size = shape.reduce((a, b) => a * b, 1);
  if (size !== data.length) throw new Error(`shape ${shape} needs ${size} values, got ${data.length}`);
  if (size > 1000) throw new Error("arrays of more than 1000 elements are summarised by numpy; not supported");
  if (size === 0) return "[]";
  let format = kind === "int" ? intFormatter(data) : floatFormatter(data);
  if (formatter === "lesson" && kind === "float") format = lessonFloat;
  const strides = shape.map((_, axis) => shape.slice(axis + 1).reduce((a, b) => a * b, 1));

  const recurse = (offset, axis, hangingIndent, currWidth) => {
    if (axis === shape.length) return format(data[offset]);
    const nextIndent = `${hangingIndent} `;
    const nextWidth = currWidth - 1;
    const length = shape[axis];
    let s = "";
    if (axis === shape.length - 1) {
      const elemWidth = currWidth - 1; // room left for the closing "]"
      let line = hangingIndent;
      for (let i = 0; i < length; i += 1) {
        const word = recurse(offset + i * strides[axis], axis + 1, nextIndent, nextWidth);
        [s, line] = extendLine(s, line, word, elemWidth, hangingIndent);
        if (i < length - 1) line += " ";
      }
      s += line;
    } else {
      const lineSep = "\n".repeat(shape.length - axis - 1);
      for (let i = 0; i < length; i += 1) {
        const nested = recurse(offset + i * strides[axis], axis + 1, nextIndent, nextWidth);
        s += hangingIndent + nested + (i < length - 1 ? lineSep : "");
      }
    }
    return `[${s.slice(hangingIndent.length)}]`;
  };
  return recurse(0, 0, " ", LINE_WIDTH);
}

/** Python's repr of a float, for generated numpy code: 4 -> "4.0", 0.1 -> "0.1", 1e-7 -> "1e-07". */
export function pyFloat(value) {
  if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
  const sign = isNegative(value) ? "-" : "";
  const abs = Math.abs(value);
  if (abs >= 1e16) return sign + abs.toExponential().replace(/e\+(\d)$/, "e+0$1");
  if (Number.isInteger(abs)) return `${sign}${abs.toFixed(1)}`;
  // JS and Python both write the shortest text that reads back as the same float.
  return sign + String(abs).replace(/e-(\d)$/, "e-0$1");
}
