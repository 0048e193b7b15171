"""Every page speaks its own language: no interface text of the other language reaches a student.

Visits the real lesson 5 (load_lessons), every demo page, every studio tool page and every embed
in Chromium (so text the front end writes counts too) and reads every visible text node and
every aria-label / title / placeholder / alt. What a teacher wrote is exempt (it is matched
against the teacher fields in the database), and so is text inside an element whose `lang`
says it is deliberately the other language (the language switch's 日本語, say).
"""

import io
import re

import pytest
from django.core.management import call_command

from demos.registry import all_demos
from studio.tools import TOOLS
from tests.browser import needs_chromium
from tests.i18n_catalogue import japanese_catalogue

pytestmark = [*needs_chromium, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]")
SPACE = re.compile(r"\s+")

COLLECT_TEXT = """() => {
  const out = [];
  const langOf = (el) => (el.closest("[lang]")?.getAttribute("lang") || "").split("-")[0];
  const visible = (el) => el.checkVisibility ? el.checkVisibility() : !!el.offsetParent;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement;
    if (!el || ["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE"].includes(el.tagName)) continue;
    if (!node.textContent.trim() || !visible(el)) continue;
    out.push({text: node.textContent, lang: langOf(el), where: el.tagName.toLowerCase() + (el.className ? "." + String(el.className).split(" ")[0] : "")});
  }
  for (const el of document.querySelectorAll("[aria-label], [title], [placeholder], img[alt]")) {
    for (const name of ["aria-label", "title", "placeholder", "alt"]) {
      const value = el.getAttribute(name);
      if (value && value.trim()) out.push({text: value, lang: langOf(el), where: `${el.tagName.toLowerCase()}[${name}]`});
    }
  }
  return out;
}"""


def normalise(text: str) -> str:
    return SPACE.sub(" ", text).strip()


def teacher_corpus(lang: str) -> str:
    """What teachers wrote that a `lang` page shows: the `_<lang>` fields (Japanese where the
    English is blank, as the pages fall back) and the fields of no language (code, slugs)."""
    from courses.models import Block, Course, Lesson
    from embeds.models import DemoPreset

    parts = []
    for model in (Course, Lesson, Block, DemoPreset):
        text_fields = [
            f.name
            for f in model._meta.get_fields()
            if getattr(f, "get_internal_type", None)
            and f.get_internal_type() in {"CharField", "TextField"}
        ]
        for row in model.objects.values(*text_fields):
            for name, value in row.items():
                if name.endswith(("_ja", "_en")):
                    base = name[:-3]
                    if name != f"{base}_{lang}":
                        continue
                    value = value if str(value or "").strip() else row.get(f"{base}_ja")
                if value:
                    parts.append(normalise(str(value)))
    return "\n".join(parts)


def english_phrases() -> list[tuple[str, re.Pattern]]:
    """Catalogue msgids whose Japanese differs: seeing one on a Japanese page is a miss."""
    phrases = {}
    for domain in ("django", "djangojs"):
        for (_context, msgid), japanese in japanese_catalogue(domain).items():
            words = re.split(r"%\(\w+\)[sd]|%[sd]", msgid)
            english_words = re.findall(r"[A-Za-z]{2,}", "".join(words))
            if not japanese or japanese == msgid or not english_words:
                continue  # nothing English to see once the placeholders are filled
            if len(words) > 1 and len(english_words) < 2:
                continue  # "%(name)s, step %(step)s" would match any code that says ", step"
            pattern = r"\S*".join(re.escape(normalise(word)) for word in words)
            if len(msgid.split()) == 1:
                pattern = rf"^{pattern}$"  # one word: only when it is the whole text
            else:
                pattern = rf"(?<![A-Za-z]){pattern}(?![A-Za-z])"
            phrases[msgid] = re.compile(pattern)
    return sorted(phrases.items())


def student_pages(lang: str) -> list[str]:
    from django.utils import translation

    from courses.models import Lesson

    lesson = Lesson.objects.get(number=5)
    with translation.override(lang):
        urls = [
            f"/{lang}/",
            lesson.course.get_absolute_url(),
            lesson.get_absolute_url(),
            f"/{lang}/demos/",
            f"/{lang}/studio/",
        ]
    urls += [f"/{lang}/demos/{demo.slug}/" for demo in all_demos()]
    urls += [f"/{lang}/studio/{slug}/" for slug in TOOLS]
    urls += [f"/embed/{demo.slug}/?lang={lang}" for demo in all_demos()]
    urls += [f"/embed/{slug}/?lang={lang}" for slug in TOOLS]
    return urls


def other_language_text(page, lang: str, corpus: str, phrases) -> list[str]:
    misses = []
    for item in page.evaluate(COLLECT_TEXT):
        text = normalise(item["text"])
        if item["lang"] and item["lang"] != lang:
            continue  # marked as deliberately the other language
        if text in corpus:
            continue  # a teacher wrote it
        if lang == "en" and JAPANESE.search(text):
            misses.append(f"{item['where']}: {text[:80]!r}")
        elif lang == "ja":
            hits = [msgid for msgid, pattern in phrases if pattern.search(text)]
            if hits:
                misses.append(f"{item['where']}: {text[:80]!r} (untranslated {hits[0]!r})")
    return misses


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_no_interface_text_of_the_other_language(browser, live_server, lang):
    call_command("load_lessons", verbosity=0, stdout=io.StringIO())
    corpus = teacher_corpus(lang)
    phrases = english_phrases()
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale=lang)
    page = context.new_page()
    failures = []
    for url in student_pages(lang):
        response = page.goto(f"{live_server.url}{url}")
        assert response is not None and response.status == 200, (
            f"{url}: {response and response.status}"
        )
        page.wait_for_load_state("networkidle")
        failures += [f"{url} {miss}" for miss in other_language_text(page, lang, corpus, phrases)]
    context.close()
    assert not failures, f"{len(failures)} text(s) not in {lang}:\n" + "\n".join(failures[:80])


def test_the_detector_finds_the_other_language_and_spares_marked_and_teacher_text(browser):
    phrases = [(msgid, pattern) for msgid, pattern in english_phrases()]
    assert phrases, "the Japanese catalogue gives no English phrases to look for"
    msgid = next(m for m, _p in phrases if len(m.split()) > 1 and "%" not in m)
    page = browser.new_page()
    page.set_content(
        f"<html lang='ja'><body><p>{msgid}</p><p lang='en'>{msgid}</p>"
        f"<p>先生の文 〜</p><button aria-label='{msgid}'>x</button></body></html>"
    )
    misses = other_language_text(page, "ja", corpus="先生の文 〜", phrases=phrases)
    assert len(misses) == 2, misses  # the bare paragraph and the aria-label, not the marked one
    page.set_content(
        "<html lang='en'><body><p>Generate</p><p>生成</p><span lang='ja'>日本語</span></body></html>"
    )
    assert other_language_text(page, "en", corpus="", phrases=phrases) == ["p: '生成'"]
    page.close()
