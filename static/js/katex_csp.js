// Loaded right after the vendored KaTeX, wherever formulas are typeset (lesson pages, the admin's
// block preview). KaTeX writes a few style attributes with setAttribute (the width of a
// stretchy SVG such as a square root, MathML colours); the site's Content-Security-Policy
// refuses style attributes, but not the CSSOM (element.style). While katex.render runs, a
// "style" attribute is applied through the CSSOM instead: the formula looks the same and
// nothing is refused.
(function () {
  const katex = window.katex;
  if (!katex || katex.stylesThroughCssom) {
    return;
  }
  const render = katex.render;
  katex.render = function (...args) {
    const setAttribute = Element.prototype.setAttribute;
    Element.prototype.setAttribute = function (name, value) {
      if (String(name).toLowerCase() === "style" && this.style) {
        this.style.cssText = value;
        return;
      }
      setAttribute.call(this, name, value);
    };
    try {
      return render.apply(this, args);
    } finally {
      Element.prototype.setAttribute = setAttribute;
    }
  };
  katex.stylesThroughCssom = true;
})();
