// The one way front-end code gets interface text: Django's gettext catalogue for the page's
// language (the djangojs domain, served at /<lang>/jsi18n/ and loaded before the modules).
// msgids are English, so without a catalogue (node tests, a page that forgot it) text is English.

function catalogue() {
  return globalThis.django && typeof globalThis.django.gettext === "function" ? globalThis.django : null;
}

/** gettext("Run all") -> "すべて実行" on a Japanese page. */
export function gettext(msgid) {
  const django = catalogue();
  return django ? django.gettext(msgid) : msgid;
}

/** ngettext("%(n)s note", "%(n)s notes", n): the plural form for n. */
export function ngettext(singular, plural, count) {
  const django = catalogue();
  if (django) return django.ngettext(singular, plural, count);
  return count === 1 ? singular : plural;
}

/** pgettext("drum", "Kick"): a msgid that needs a context to be translated right. */
export function pgettext(context, msgid) {
  const django = catalogue();
  return django ? django.pgettext(context, msgid) : msgid;
}

/** interpolate("%(n)s ahead of yours", {n: 3}) -> "3 ahead of yours" (named placeholders only). */
export function interpolate(format, values) {
  return String(format).replace(/%\(([A-Za-z_]\w*)\)s/g, (match, name) =>
    Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : match,
  );
}

/** gettext + interpolate in one call: _f("%(n)s notes", {n: 12}). */
export function gettextf(msgid, values) {
  return interpolate(gettext(msgid), values);
}

/** Sentences as one text: a space between them in English, none in Japanese ("%(a)s %(b)s"). */
export function joinSentences(sentences) {
  const parts = sentences.filter(Boolean);
  if (!parts.length) return "";
  return parts.reduce((text, next) => gettextf("%(a)s %(b)s", { a: text, b: next }));
}
