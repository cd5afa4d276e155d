import itertools

from entraide.core.text import normalise, render_markdown, search_document, search_words


def test_render_markdown_keeps_emphasis_and_strong():
    html = render_markdown("Un *petit* coup de **main**")

    assert html == "<p>Un <em>petit</em> coup de <strong>main</strong></p>\n"


def test_render_markdown_makes_links_nofollow():
    html = render_markdown("[Le site](https://example.org/)")

    assert html == (
        '<p><a href="https://example.org/" rel="nofollow ugc noopener">Le site</a></p>\n'
    )


def test_render_markdown_shows_raw_html_and_scripts_as_text_never_as_tags():
    html = render_markdown('Bonjour <script>alert("x")</script> <b onclick="x()">gras</b>')

    assert "<script" not in html
    assert "<b " not in html
    assert html.startswith("<p>Bonjour &lt;script&gt;")
    assert "&lt;b onclick=" in html


def test_render_markdown_never_makes_a_javascript_link():
    html = render_markdown("[cliquez](javascript:alert(1)) [ici](JavaScript:alert(2))")

    assert "<a" not in html
    assert "href" not in html


def test_render_markdown_drops_links_of_other_schemes():
    html = render_markdown("[fichier](ftp://example.org/a)")

    assert "ftp:" not in html
    assert "fichier" in html


def test_render_markdown_drops_img_and_iframe():
    html = render_markdown('![x](https://evil.example/a.png)\n\n<iframe src="https://x"></iframe>')

    assert "<img" not in html
    assert "<iframe" not in html


def test_render_markdown_turns_page_headings_into_third_level():
    html = render_markdown("# Titre\n\n## Sous-titre")

    assert html == "<h3>Titre</h3>\n<h3>Sous-titre</h3>\n"


def test_render_markdown_of_empty_text_is_empty():
    assert render_markdown("") == ""


def test_search_words_makes_plural_accented_and_plain_forms_equal():
    assert search_words("Bénévoles") == search_words("benevole")
    assert search_words("BÉNÉVOLE") == search_words("bénévoles")


def test_search_words_skips_one_letter_words():
    assert search_words("l a jardin") == search_words("jardin")


def test_normalise_lowers_unaccents_and_splits_on_punctuation():
    assert normalise("Saint-Étienne  (Œuvre)") == "saint etienne oeuvre"


def test_search_document_is_space_framed_sorted_unique_stems():
    document = search_document("Jardins partagés", "jardin")

    assert document.startswith(" ")
    assert document.endswith(" ")
    assert document.split() == sorted(set(search_words("jardins partagés")))


def test_search_document_of_nothing_is_empty():
    assert search_document("", " ") == ""


def test_search_document_leaves_out_runs_of_letters_longer_than_any_word():
    assert search_document("Venez " + "z" * 60 + " vite") == " ven vit "


def test_search_document_within_a_limit_keeps_whole_words_that_fit():
    """Compatibility characters unfold into several letters ("㎉" is "kcal"): 2,000 characters
    of them give a document far longer than the text, which an index entry could not hold."""
    text = " ".join("".join(word) for word in itertools.product("㎉ⅷ", repeat=12))[:1988]
    assert len(search_document(text)) > 7000

    document = search_document(text, limit=2000)

    assert 1950 < len(document.encode()) <= 2000
    assert document.split() == search_document(text).split()[: len(document.split())]
    assert search_document("jardin partagé", limit=2000) == search_document("jardin partagé")
