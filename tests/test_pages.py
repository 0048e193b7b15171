"""Student pages in both languages: course list, course page, lesson page, drafts, redirects."""

import pytest
from django.core.cache import cache

from courses.models import Block
from courses.rendering import LessonRenderer


@pytest.mark.parametrize(
    ("accept_language", "target"),
    [("en-US,en;q=0.9", "/en/"), ("ja,en;q=0.5", "/ja/"), ("fr", "/ja/"), (None, "/ja/")],
)
def test_root_redirects_by_browser_language(client, db, accept_language, target):
    headers = {"Accept-Language": accept_language} if accept_language else {}
    response = client.get("/", headers=headers)
    assert response.status_code == 302 and response["Location"] == target


def test_course_list_in_both_languages(client, lesson5, make_lesson):
    make_lesson(number=6, published=False)
    ja = client.get("/ja/").content.decode()
    en = client.get("/en/").content.decode()
    assert "AI自動作曲プログラミング" in ja and "全1回" in ja and '<html lang="ja">' in ja
    assert (
        "AI Music Composition Programming" in en and "1 lesson" in en and '<html lang="en">' in en
    )


def test_course_page_lists_published_lessons_in_order(client, make_course, make_lesson):
    course = make_course()
    make_lesson(course=course, number=6, order=6, title_en="Six")
    make_lesson(course=course, number=4, order=4, title_en="Four")
    make_lesson(course=course, number=5, order=5, title_en="Five")
    make_lesson(course=course, number=7, order=7, title_en="Seven (draft)", published=False)
    page = client.get("/en/ai-composition/").content.decode()
    assert page.index("Four") < page.index("Five") < page.index("Six")
    assert "Seven (draft)" not in page


def test_lesson_page_in_japanese(client, lesson5):
    page = client.get(lesson5.get_absolute_url()).content.decode()
    assert lesson5.get_absolute_url().startswith("/ja/")
    assert "<h1>第5回 ニューラルネットワーク</h1>" in page
    assert '<a href="#3層のネットワーク">3層のネットワーク</a>' in page  # table of contents
    assert '<h2 id="3層のネットワーク">' in page
    assert '<span class="math-inline">Y = b_1 X + b_0</span>' in page
    assert '<div class="math-display" tabindex="0">y = \\sigma(w_1 x_1 + w_2 x_2 + b)</div>' in page
    assert 'class="highlight"' in page and "グリッドの座標" in page
    assert "活性化関数は<strong>非線形</strong>です。" in page and "ヒント" in page
    assert "/static/vendor/katex/katex.min.js" in page and "/static/js/lesson.js" in page
    assert (
        'href="/en/ai-composition/neural-networks-magenta-tensorflow/"' in page
    )  # language switch


def test_lesson_page_in_english_falls_back_per_block(client, lesson5):
    page = client.get("/en/ai-composition/neural-networks-magenta-tensorflow/").content.decode()
    assert "<h1>Lesson 5: neural networks</h1>" in page
    assert '<h2 id="the-three-layer-network">' in page and "Contents" in page
    assert "Activation functions are <strong>non-linear</strong>." in page and "Tip" in page
    assert "TensorFlow の計算グラフ" in page  # this block has no English text yet
    assert 'href="/ja/ai-composition/neural-networks-magenta-tensorflow/"' in page


def test_demo_block_follows_the_front_end_contract(client, lesson5):
    page = client.get("/en/ai-composition/neural-networks-magenta-tensorflow/").content.decode()
    assert 'data-demo="sigmoid-grid"' in page
    assert 'data-module="/static/demos/sigmoid_grid.js"' in page
    assert "&quot;cmap&quot;:&quot;viridis&quot;" in page and "&quot;vmax&quot;:1.0" in page
    assert '<script type="module" src="/static/js/demos.js">' in page


def test_broken_demo_block_shows_a_message_not_an_error(client, teacher_client, lesson5):
    Block.objects.filter(lesson=lesson5, kind="demo").update(preset={"cmap": "rainbow"})
    url = "/ja/ai-composition/neural-networks-magenta-tensorflow/"
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "このデモは今は表示できません。先生に知らせてください。" in page
    assert "rainbow" not in page and "「cmap」" not in page  # the reason is for staff
    staff_page = teacher_client.get(url).content.decode()
    assert "スタッフ向けの表示: デモの設定が受け付けられませんでした:" in staff_page
    assert "「cmap」は gray, viridis, magma, coolwarm, jet のどれかにしてください" in staff_page


def test_previous_and_next_lessons(client, make_course, make_lesson):
    course = make_course()
    four = make_lesson(course=course, number=4)
    five = make_lesson(course=course, number=5)
    make_lesson(course=course, number=6, published=False)
    page = client.get(five.get_absolute_url()).content.decode()
    assert f'rel="prev" href="{four.get_absolute_url()}"' in page
    assert 'rel="next"' not in page  # the draft is not offered to students
    assert 'rel="prev"' not in client.get(four.get_absolute_url()).content.decode()


def test_drafts_are_404_for_students_and_previewable_by_staff(
    client, teacher_client, staff_client, make_lesson
):
    draft = make_lesson(number=6, published=False, title_ja="下書き")
    assert client.get(draft.get_absolute_url()).status_code == 404
    for preview in (teacher_client, staff_client):
        response = preview.get(draft.get_absolute_url())
        assert response.status_code == 200
        assert "下書き: このページはスタッフにだけ見えています。" in response.content.decode()
        assert "この授業を編集" in response.content.decode()


def test_draft_course_is_404_for_students(client, teacher_client, make_course, make_lesson):
    course = make_course(slug="hidden", published=False)
    lesson = make_lesson(course=course, number=1)
    assert client.get("/ja/hidden/").status_code == 404
    assert client.get(lesson.get_absolute_url()).status_code == 404
    assert "hidden" not in client.get("/ja/").content.decode()
    assert teacher_client.get("/ja/hidden/").status_code == 200


def test_unknown_pages_are_404_with_the_site_layout(client, lesson5):
    response = client.get("/en/ai-composition/no-such-lesson/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_admin_is_not_language_prefixed(client, db):
    assert client.get("/ja/admin/").status_code == 404
    assert client.get("/admin/login/").status_code == 200


def test_cached_lesson_html_follows_every_edit(client, lesson5):
    url = "/en/ai-composition/neural-networks-magenta-tensorflow/"
    assert "Activation functions are" in client.get(url).content.decode()
    Block.objects.filter(lesson=lesson5, kind="callout").update(
        body_en="Sigmoid squashes **everything**."
    )
    page = client.get(url).content.decode()
    assert "Sigmoid squashes <strong>everything</strong>." in page
    assert "Activation functions are" not in page


def test_lesson_page_query_count_does_not_grow_with_lessons(
    client, make_course, make_lesson, django_assert_max_num_queries
):
    course = make_course()
    for number in range(1, 9):
        make_lesson(course=course, number=number)
    with django_assert_max_num_queries(4):
        assert client.get("/ja/ai-composition/lesson-4/").status_code == 200
    with django_assert_max_num_queries(2):
        assert client.get("/ja/ai-composition/").status_code == 200


def test_placeholder_lookalike_in_teacher_text_does_not_break_the_page(client, make_lesson):
    lesson = make_lesson(
        blocks=[
            {"kind": "markdown", "body_ja": 'KNDMATH7Z と $x$、[リンク](https://e.org "$y$")'},
            {"kind": "callout", "style": "note", "body_ja": "KNDMATH0Z $$z$$"},
        ]
    )
    response = client.get(lesson.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert 'KNDMATH7Z と <span class="math-inline">x</span>' in page
    assert 'title="$y$"' in page and "KNDMATH0Z" in page


def test_a_block_that_cannot_be_rendered_is_shown_as_text_not_a_500(
    client, teacher_client, make_lesson, monkeypatch, caplog
):
    lesson = make_lesson(
        blocks=[
            {"kind": "markdown", "body_ja": "## 前\n\n普通の段落。"},
            {"kind": "markdown", "body_ja": "壊れる <b>ブロック</b> $x$"},
        ]
    )
    original = LessonRenderer.markdown

    def fail_on_one_block(self, text, **kwargs):
        if "壊れる" in text:
            raise RuntimeError("an unforeseen Markdown failure")
        return original(self, text, **kwargs)

    monkeypatch.setattr(LessonRenderer, "markdown", fail_on_one_block)
    response = client.get(lesson.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert '<h2 id="前">前</h2>' in page  # the other blocks render as usual
    assert '<pre class="block-failed-text">壊れる &lt;b&gt;ブロック&lt;/b&gt; $x$</pre>' in page
    assert "スタッフ向け" not in page  # the note is for staff only
    assert "an unforeseen Markdown failure" in caplog.text
    cache.clear()
    staff_page = teacher_client.get(lesson.get_absolute_url()).content.decode()
    assert "スタッフ向けの表示: このブロックは整形できなかったため" in staff_page


def test_code_captions_are_inline_markdown(client, make_lesson):
    lesson = make_lesson(
        blocks=[
            {
                "kind": "code",
                "language": "python",
                "source": "x = 1\n",
                "caption_ja": "`%matplotlib inline` は **Notebook** 専用 <i>$x_1$</i>",
            }
        ]
    )
    page = client.get(lesson.get_absolute_url()).content.decode()
    assert (
        "<figcaption><code>%matplotlib inline</code> は <strong>Notebook</strong> 専用 "
        '&lt;i&gt;<span class="math-inline">x_1</span>&lt;/i&gt;</figcaption>'
    ) in page


def test_contents_arrive_closed_and_only_when_there_are_headings(client, make_lesson, lesson5):
    page = client.get(lesson5.get_absolute_url()).content.decode()
    assert '<div class="lesson-layout has-toc">' in page
    assert "<details>" in page and "<details open" not in page  # lesson.js opens it when wide
    flat = make_lesson(number=6, blocks=[{"kind": "markdown", "body_ja": "見出しのない授業。"}])
    page = client.get(flat.get_absolute_url()).content.decode()
    assert '<div class="lesson-layout">' in page and 'class="toc"' not in page


def test_english_pages_show_code_with_english_comments(client, make_lesson):
    lesson = make_lesson(
        blocks=[
            {
                "kind": "code",
                "language": "python",
                "source": "x = 1  # 入力\n",
                "source_en": "x = 1  # the input\n",
            },
            {"kind": "code", "language": "python", "source": "y = 2  # 出力\n", "source_en": ""},
        ]
    )
    english = client.get(f"/en/ai-composition/{lesson.slug}/").content.decode()
    japanese = client.get(f"/ja/ai-composition/{lesson.slug}/").content.decode()
    assert "# the input" in english and "# 入力" not in english
    assert "# 出力" in english  # no English version: the Japanese code is shown
    assert "# 入力" in japanese and "# the input" not in japanese


def test_a_block_whose_template_fails_is_shown_as_text_not_a_500(
    client, make_lesson, monkeypatch, caplog
):
    lesson = make_lesson(
        blocks=[
            {"kind": "markdown", "body_ja": "## 前"},
            {"kind": "code", "language": "python", "source": "x = 1 < 2\n", "caption_ja": "説明"},
        ]
    )

    def broken_caption(text):
        raise RuntimeError("an unforeseen caption failure")

    monkeypatch.setattr("courses.templatetags.kanade.render_inline", broken_caption)
    response = client.get(lesson.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert '<h2 id="前">前</h2>' in page
    assert '<pre class="block-failed-text">x = 1 &lt; 2\n</pre>' in page
    assert "an unforeseen caption failure" in caplog.text
